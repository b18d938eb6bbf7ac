#include "sbr_names.hpp"

#include <msgforge/base/error.hpp>
#include <msgforge/base/text.hpp>

#include <algorithm>
#include <vector>

namespace msgforge::cli {

std::string safe_number(std::string_view number) {
    std::string out;
    for (const char c : trim(number)) {
        const bool keep = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                          || c == '+' || c == '-' || c == '_';
        out += keep ? c : (c == '~' || c == ',') ? '_' : c == '.' ? '.' : '-';
    }
    // No leading dot (a hidden file) and no trailing one (Windows drops it).
    while (!out.empty() && out.front() == '.') {
        out.erase(0, 1);
    }
    out.resize(std::min<size_t>(out.size(), 80));
    while (!out.empty() && out.back() == '.') {
        out.pop_back();
    }
    return out.empty() ? "unknown" : out;
}

std::string archive_file_name(const sbr::Record& record, uint64_t sequence) {
    std::string when = "undated";
    try {
        if (const auto t = sbr::time_of(record, "date")) {
            const std::string iso = t->to_iso();  // YYYY-MM-DDTHH:MM:SS.fffffffZ
            when =
                iso.substr(0, 10) + "_" + iso.substr(11, 2) + iso.substr(14, 2) + iso.substr(17, 2);
        }
    } catch (const FormatError&) {
        // A date that is not a number: the name says "undated", the import reports the date.
    }
    const std::string box =
        record.get(record.kind == sbr::Kind::sms ? "type" : "msg_box").value_or("");
    const std::string direction = box == "1" ? "in" : box == "2" ? "out" : "draft";
    std::string number = std::to_string(sequence);
    if (number.size() < 6) {
        number.insert(0, 6 - number.size(), '0');
    }
    return when + "_" + safe_number(record.get("address").value_or("")) + "_" + direction + "_"
           + number + ".msg";
}

std::string conversation_name(const sbr::Record& record) {
    std::vector<std::string> numbers = sbr::numbers_of(record.get("address").value_or(""));
    std::sort(numbers.begin(), numbers.end());
    std::string joined;
    for (const std::string& n : numbers) {
        joined += (joined.empty() ? "" : "~") + n;
    }
    return safe_number(joined);
}

}  // namespace msgforge::cli
