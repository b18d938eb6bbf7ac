// Grouping SMS and MMS messages into conversations by the set of other parties.
#include <msgforge/base/text.hpp>
#include <msgforge/render/conversation.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <utility>

namespace msgforge::render {

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

/// The shortest national number taken for an international one: shorter ones (short codes,
/// extensions) are never matched.
constexpr size_t MIN_NATIONAL_DIGITS = 7;

/// The international number (of `international`, sorted) that `national` (digits only) is the
/// national form of: the one whose digits end with `national` less one trunk '0', with one to
/// three digits of country code before it. Empty when none or more than one does.
std::string international_form(const std::string& national,
                               const std::set<std::string>& international) {
    const std::string_view digits =
        national.starts_with('0') ? std::string_view(national).substr(1) : national;
    if (digits.size() < MIN_NATIONAL_DIGITS) {
        return {};
    }
    std::string found;
    for (const std::string& number : international) {
        const size_t country =
            number.size() - 1 >= digits.size() ? number.size() - 1 - digits.size() : 0;
        if (country >= 1 && country <= 3 && number.ends_with(digits)) {
            if (!found.empty()) {
                return {};
            }
            found = number;
        }
    }
    return found;
}

Direction direction_of(oms::State state) {
    switch (state) {
        case oms::State::received:
            return Direction::received;
        case oms::State::sent:
            return Direction::sent;
        case oms::State::draft:
            break;
    }
    return Direction::draft;
}

std::string excerpt_of(const oms::OmsMessage& view) {
    if (view.service == oms::ServiceType::mms) {
        if (!view.subject.empty()) {
            return oms::abbreviate(view.subject);
        }
        std::string text;
        for (const oms::SlideView& slide : view.slides) {
            if (!trim(slide.text).empty()) {
                text += (text.empty() ? "" : " ") + slide.text;
            }
        }
        return oms::abbreviate(text.empty() ? view.text : text);
    }
    return oms::abbreviate(view.text);
}

}  // namespace

std::optional<FileTime> Conversation::last_time() const {
    std::optional<FileTime> last;
    for (const ConversationMessage& m : messages) {
        if (m.time && (!last || *m.time > *last)) {
            last = m.time;
        }
    }
    return last;
}

std::string Conversation::title() const {
    std::string out;
    for (const oms::Party& p : parties) {
        out += (out.empty() ? "" : ", ") + (p.name.empty() ? p.number : p.name);
    }
    return out.empty() ? "(no other party)" : out;
}

std::string normalize_number(std::string_view address) {
    const std::string_view text = trim(address);
    std::string digits;
    bool plus = false;
    for (const char c : text) {
        if (is_digit(c)) {
            digits += c;
        } else if (c == '+' && digits.empty()) {
            plus = true;
        }
    }
    if (digits.empty()) {
        return ascii_lower(text);
    }
    if (!plus && digits.starts_with("00") && digits.size() > 2) {
        return "+" + digits.substr(2);
    }
    return plus ? "+" + digits : digits;
}

ConversationGrouper::ConversationGrouper(GroupOptions options) : options_(std::move(options)) {
}

bool ConversationGrouper::add(const msg::Message& message, size_t index) {
    const std::optional<oms::OmsMessage> view = oms::view(message);
    if (!view) {
        return false;
    }
    Entry e;
    e.message.index = index;
    e.message.service = view->service;
    e.message.direction = direction_of(view->state);
    e.message.time = view->time;
    e.message.excerpt = excerpt_of(*view);
    e.from = view->from;
    for (const auto* list : {&view->to, &view->cc, &view->bcc}) {
        e.recipients.insert(e.recipients.end(), list->begin(), list->end());
    }
    if (e.message.direction == Direction::received && e.from) {
        e.message.sender = *e.from;
    }
    entries_.push_back(std::move(e));
    return true;
}

std::vector<Conversation> ConversationGrouper::conversations() const {
    // The owner: the numbers given, the sender of every message the owner wrote, the only
    // recipient of every received message.
    std::set<std::string> owner;
    for (const std::string& n : options_.owner_numbers) {
        owner.insert(normalize_number(n));
    }
    for (const Entry& e : entries_) {
        if (e.message.direction != Direction::received && e.from) {
            owner.insert(normalize_number(e.from->number));
        } else if (e.message.direction == Direction::received && e.recipients.size() == 1) {
            owner.insert(normalize_number(e.recipients.front().number));
        }
    }
    owner.erase(std::string());

    // Each message's other parties, by normalised number.
    std::vector<std::vector<std::pair<std::string, const oms::Party*>>> others(entries_.size());
    std::set<std::string> international;
    for (size_t i = 0; i < entries_.size(); ++i) {
        const Entry& e = entries_[i];
        const auto take = [&](const oms::Party& p) {
            std::string key = normalize_number(p.number);
            if (owner.contains(key)) {
                return;
            }
            if (key.starts_with('+')) {
                international.insert(key);
            }
            others[i].emplace_back(std::move(key), &p);
        };
        if (e.message.direction == Direction::received && e.from) {
            take(*e.from);
        }
        for (const oms::Party& p : e.recipients) {
            take(p);
        }
    }

    // National numbers that stand for exactly one international number of the messages.
    std::map<std::string, std::string> canonical;
    for (auto& list : others) {
        for (auto& [key, party] : list) {
            if (!key.empty() && is_digit(key.front())) {
                auto [it, inserted] = canonical.try_emplace(key);
                if (inserted) {
                    it->second = international_form(key, international);
                }
                if (!it->second.empty()) {
                    key = it->second;
                }
            }
        }
    }

    // The messages of each set of numbers, in the order added.
    std::map<std::vector<std::string>, std::vector<size_t>> by_numbers;
    for (size_t i = 0; i < entries_.size(); ++i) {
        std::vector<std::string> numbers;
        for (const auto& [key, party] : others[i]) {
            numbers.push_back(key);
        }
        std::sort(numbers.begin(), numbers.end());
        numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
        by_numbers[numbers].push_back(i);
    }

    std::vector<Conversation> out;
    for (auto& [numbers, positions] : by_numbers) {
        std::stable_sort(positions.begin(), positions.end(), [&](size_t a, size_t b) {
            const std::optional<FileTime>& ta = entries_[a].message.time;
            const std::optional<FileTime>& tb = entries_[b].message.time;
            if (ta && tb) {
                return *ta < *tb;
            }
            return ta.has_value() && !tb.has_value();
        });
        Conversation c;
        c.numbers = numbers;
        // Each party's number as first written in its own form, and the name last given.
        std::map<std::string, oms::Party> parties;
        for (const size_t i : positions) {
            c.messages.push_back(entries_[i].message);
            for (const auto& [key, party] : others[i]) {
                oms::Party& p = parties[key];
                if (p.number.empty()
                    || (normalize_number(p.number) != key
                        && normalize_number(party->number) == key)) {
                    p.number = party->number;
                }
                if (!party->name.empty()) {
                    p.name = party->name;
                }
            }
        }
        for (const std::string& key : numbers) {
            c.parties.push_back(parties[key]);
        }
        out.push_back(std::move(c));
    }
    std::stable_sort(out.begin(), out.end(), [](const Conversation& a, const Conversation& b) {
        const std::optional<FileTime> ta = a.last_time();
        const std::optional<FileTime> tb = b.last_time();
        if (ta && tb) {
            return *ta > *tb;
        }
        return ta.has_value() && !tb.has_value();
    });
    return out;
}

}  // namespace msgforge::render
