#include "msg_compare.hpp"

#include "peers.hpp"

#include <algorithm>

namespace msgforge::test {

using nlohmann::json;

namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool same(const std::string& field, const std::string& a, const std::string& b) {
    if (field.ends_with("email")) {
        return lower(a) == lower(b);
    }
    return a == b;
}

const Known* explain(const Comparison& c, const std::string& field, const std::string& where,
                     const std::string& ours, const std::string& theirs) {
    for (const Known& k : *c.known) {
        if (k.peer == c.peer && k.field == field && (k.where.empty() || k.where == where)
            && k.applies(ours, theirs)) {
            return &k;
        }
    }
    return nullptr;
}

}  // namespace

std::map<std::string, Read> reads(const std::string& command,
                                  const std::vector<std::filesystem::path>& files) {
    std::map<std::string, Read> out;
    for (const auto& [file, f] : json_files(command, files)) {
        Read& r = out[file];
        if (f.at("error").is_string()) {
            r.error = f.at("error").get<std::string>();
        } else {
            r.summary = f.at("summary");
        }
    }
    return out;
}

std::string text(const json& v) {
    if (v.is_null()) {
        return "";
    }
    if (v.is_number()) {
        return v.dump();
    }
    std::string s;
    const std::string raw = v.get<std::string>();
    for (size_t i = 0; i < raw.size(); ++i) {
        if (!(raw[i] == '\r' && i + 1 < raw.size() && raw[i + 1] == '\n')) {
            s += raw[i];
        }
    }
    const auto first = std::find_if_not(s.begin(), s.end(), is_space);
    const auto last = std::find_if_not(s.rbegin(), s.rend(), is_space).base();
    return first < last ? std::string(first, last) : std::string();
}

std::string lower(std::string s) {
    for (char& c : s) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return s;
}

std::vector<std::string> column(const json& list, const std::string& key) {
    std::vector<std::string> out;
    for (const json& item : list) {
        out.push_back(text(item.at(key)));
    }
    return out;
}

void compare_values(Comparison& c, const std::string& where, const std::string& field,
                    const std::vector<std::string>& ours, const std::vector<std::string>& theirs) {
    bool all_agree = true;
    bool all_explained = true;
    for (size_t i = 0; i < ours.size(); ++i) {
        if (same(field, ours[i], theirs[i])) {
            continue;
        }
        all_agree = false;
        if (const Known* k = explain(c, field, where, ours[i], theirs[i])) {
            ++c.known_used[std::string(k->verdict)];
            c.matched.insert(k);
        } else {
            all_explained = false;
            c.unexpected.push_back(
                where + ": " + field + (ours.size() > 1 ? "[" + std::to_string(i) + "]" : "") + ": "
                + c.ours_label + " \"" + ours[i] + "\", " + c.peer + " \"" + theirs[i] + "\"");
        }
    }
    for (Tally* t : {&c.by_field[field], &c.by_where[where]}) {
        ++(all_agree ? t->agree : all_explained ? t->known : t->unexpected);
    }
}

void compare_summaries(Comparison& c, const std::string& where, const json& ours,
                       const json& theirs, const std::vector<std::string>& scalars) {
    for (const std::string& f : scalars) {
        compare_values(c, where, f, {text(ours.at(f))}, {text(theirs.at(f))});
    }

    const struct {
        std::string list;
        std::vector<std::string> keys;
    } lists[] = {{"recipients", {"name", "email", "type"}},
                 {"attachments", {"name", "size", "mime"}}};

    for (const auto& l : lists) {
        const json& mine = ours.at(l.list);
        const json& other = theirs.at(l.list);
        compare_values(c, where, l.list + ".count", {std::to_string(mine.size())},
                       {std::to_string(other.size())});
        for (const std::string& key : l.keys) {
            if (mine.size() == other.size()) {
                compare_values(c, where, l.list + "." + key, column(mine, key), column(other, key));
            } else {
                ++c.by_field[l.list + "." + key].not_compared;
            }
        }
    }
}

std::vector<std::string> failures(const Comparison& c) {
    std::vector<std::string> out;
    for (const std::string& u : c.unexpected) {
        out.push_back("unexplained difference: " + u);
    }
    for (const Known& k : *c.known) {
        if (k.peer == c.peer && !k.where.empty() && c.matched.count(&k) == 0) {
            out.push_back("stale known difference (no longer differs): " + std::string(k.where)
                          + " " + std::string(k.field));
        }
    }
    return out;
}

}  // namespace msgforge::test
