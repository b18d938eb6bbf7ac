#include <msgforge/base/filetime.hpp>

#include <chrono>
#include <cstdio>

namespace msgforge {

namespace {

constexpr int64_t ticks_per_second = 10'000'000;
// Seconds from 1601-01-01 to 1970-01-01.
constexpr int64_t epoch_difference = 11'644'473'600;

bool digits(std::string_view s, size_t pos, size_t n, int& out) {
    if (pos + n > s.size()) {
        return false;
    }
    out = 0;
    for (size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
        out = out * 10 + (s[i] - '0');
    }
    return true;
}

}  // namespace

FileTime FileTime::from_unix_seconds(int64_t seconds) {
    return FileTime{static_cast<uint64_t>((seconds + epoch_difference) * ticks_per_second)};
}

std::optional<FileTime> FileTime::parse(std::string_view s) {
    int year = 0;
    int month = 0;
    int day = 0;
    int hour = 0;
    int minute = 0;
    int second = 0;
    if (!digits(s, 0, 4, year) || s.size() < 20 || s[4] != '-' || !digits(s, 5, 2, month)
        || s[7] != '-' || !digits(s, 8, 2, day) || (s[10] != 'T' && s[10] != 't')
        || !digits(s, 11, 2, hour) || s[13] != ':' || !digits(s, 14, 2, minute) || s[16] != ':'
        || !digits(s, 17, 2, second)) {
        return std::nullopt;
    }
    size_t pos = 19;
    int64_t fraction = 0;
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        int count = 0;
        // Digits past the seventh are below FILETIME's 100 ns and cut off.
        for (; pos < s.size() && s[pos] >= '0' && s[pos] <= '9'; ++pos, ++count) {
            if (count < 7) {
                fraction = fraction * 10 + (s[pos] - '0');
            }
        }
        if (count == 0) {
            return std::nullopt;
        }
        for (; count < 7; ++count) {
            fraction *= 10;
        }
    }
    // The offset from UTC: Z, or +HH:MM / -HH:MM (RFC 3339 5.6).
    int64_t offset_seconds = 0;
    if (pos + 1 == s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
        offset_seconds = 0;
    } else if (int oh = 0, om = 0; pos + 6 == s.size() && (s[pos] == '+' || s[pos] == '-')
                                   && digits(s, pos + 1, 2, oh) && s[pos + 3] == ':'
                                   && digits(s, pos + 4, 2, om) && oh <= 23 && om <= 59) {
        offset_seconds = (s[pos] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
    } else {
        return std::nullopt;
    }
    const std::chrono::year_month_day ymd{std::chrono::year{year},
                                          std::chrono::month{static_cast<unsigned>(month)},
                                          std::chrono::day{static_cast<unsigned>(day)}};
    if (!ymd.ok() || hour > 23 || minute > 59 || second > 59) {
        return std::nullopt;
    }
    const int64_t days = std::chrono::sys_days{ymd}.time_since_epoch().count();
    const int64_t unix_seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset_seconds;
    if (unix_seconds + epoch_difference < 0) {
        return std::nullopt;
    }
    return FileTime{
        static_cast<uint64_t>((unix_seconds + epoch_difference) * ticks_per_second + fraction)};
}

std::string FileTime::to_iso() const {
    const int64_t total_seconds = static_cast<int64_t>(ticks / ticks_per_second);
    const auto fraction = static_cast<unsigned long long>(ticks % ticks_per_second);
    const int64_t unix_seconds = total_seconds - epoch_difference;
    int64_t days = unix_seconds / 86400;
    int64_t rest = unix_seconds % 86400;
    if (rest < 0) {
        rest += 86400;
        --days;
    }
    const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{days}}};
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%07lluZ",
                  static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()), static_cast<int>(rest / 3600),
                  static_cast<int>(rest / 60 % 60), static_cast<int>(rest % 60), fraction);
    return buf;
}

}  // namespace msgforge
