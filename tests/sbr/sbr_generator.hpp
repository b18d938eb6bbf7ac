// A generator of synthetic "SMS Backup & Restore" archives for the tests and the benchmark:
// deterministic, made-up numbers in the fictional 555-01xx range, made-up names, no real data.
// It covers every attribute the app writes for <sms> and <mms>, every type and msg_box, group
// MMS, text, image, audio, video and vCard parts, null values, surrogate-pair references,
// date_sent in seconds and in milliseconds and, on request, malformed elements.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace msgforge::test::sbr {

/// The owner's number the generated archive assumes (pass it as --me).
inline const std::string OWNER = "+15550100000";

struct GeneratorOptions {
    size_t sms = 12;
    size_t mms = 8;
    /// Adds, after the valid elements, malformed ones (see MALFORMED_COUNT).
    bool malformed = false;
    /// The bytes of the JPEG the image parts carry (testdata/oms/photo.jpg).
    std::vector<uint8_t> jpeg;
};

/// How many malformed elements `malformed` adds: an <sms> whose attribute has no quotes, an
/// <mms> without its end tag, an <sms> with a date that is not a number.
inline constexpr size_t MALFORMED_COUNT = 3;

inline std::string base64(const std::vector<uint8_t>& bytes) {
    static constexpr char A[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (size_t i = 0; i < bytes.size(); i += 3) {
        const uint32_t b0 = bytes[i];
        const uint32_t b1 = i + 1 < bytes.size() ? bytes[i + 1] : 0;
        const uint32_t b2 = i + 2 < bytes.size() ? bytes[i + 2] : 0;
        const uint32_t v = (b0 << 16) | (b1 << 8) | b2;
        out += A[v >> 18];
        out += A[(v >> 12) & 0x3F];
        out += i + 1 < bytes.size() ? A[(v >> 6) & 0x3F] : '=';
        out += i + 2 < bytes.size() ? A[v & 0x3F] : '=';
    }
    return out;
}

/// An AMR narrow-band file: the magic "#!AMR\n" and `frames` 12.2 kbit/s frames of silence-ish
/// bytes that vary with `seed`.
inline std::vector<uint8_t> amr(size_t frames, uint32_t seed) {
    std::vector<uint8_t> out = {'#', '!', 'A', 'M', 'R', '\n'};
    for (size_t f = 0; f < frames; ++f) {
        out.push_back(0x3C);  // frame header: mode 7 (12.2 kbit/s), quality bit
        for (size_t i = 0; i < 31; ++i) {
            seed = seed * 1103515245U + 12345U;
            out.push_back(static_cast<uint8_t>(seed >> 24));
        }
    }
    return out;
}

/// A minimal 3GP file: an ftyp box with brand 3gp4 and an empty mdat box.
inline std::vector<uint8_t> video_3gp(uint8_t seed) {
    return {0, 0,   0,   0x14, 'f', 't', 'y', 'p', '3',  'g', 'p', '4', 0,   0,   2,
            0, '3', 'g', 'p',  '4', 0,   0,   0,   0x09, 'm', 'd', 'a', 't', seed};
}

inline std::vector<uint8_t> vcard(size_t i) {
    const std::string text = "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Example;Contact " + std::to_string(i)
                             + "\r\nTEL;CELL:+1555010" + std::to_string(1000 + i % 9000)
                             + "\r\nEND:VCARD\r\n";
    return {text.begin(), text.end()};
}

/// The other party of message `i`: a fictional number.
inline std::string number(size_t i) {
    return "+1555010" + std::to_string(1000 + i % 50);
}

/// `date` of message `i`: minutes apart from 2026-01-02T03:04:05Z, in milliseconds.
inline int64_t date_ms(size_t i) {
    return 1'767'323'045'000 + static_cast<int64_t>(i) * 60'000;
}

/// The SMS body of message `i`: markup characters, a line break and, every third one, an emoji
/// written as surrogate-half references (the app's habit).
inline std::string sms_body_xml(size_t i) {
    std::string body =
        "Message " + std::to_string(i) + ": fish &amp; chips &lt;b&gt; &quot;q&quot;&#10;line 2";
    if (i % 3 == 0) {
        body += " &#55357;&#56832;";
    }
    if (i % 7 == 5) {
        body += " lone &#55357; half";
    }
    return body;
}

/// sms_body_xml(i) as the reader gives it back.
inline std::string sms_body(size_t i) {
    std::string body = "Message " + std::to_string(i) + ": fish & chips <b> \"q\"\nline 2";
    if (i % 3 == 0) {
        body += " \xF0\x9F\x98\x80";
    }
    if (i % 7 == 5) {
        body += " lone \xEF\xBF\xBD half";
    }
    return body;
}

inline std::string escape(std::string_view s) {
    std::string out;
    for (const char c : s) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

/// SMS `i`: type 1 + i % 6; in rounds of six, date_sent in seconds (round % 3 == 0),
/// milliseconds (1) or 0 (2), and unread in odd rounds.
inline void write_sms(std::ostream& out, size_t i) {
    const int64_t date = date_ms(i);
    const size_t round = i / 6;
    const std::string date_sent = round % 3 == 0   ? std::to_string(date / 1000 - 5)
                                  : round % 3 == 1 ? std::to_string(date - 5000)
                                                   : "0";
    out << "  <sms protocol=\"0\" address=\"" << number(i) << "\" date=\"" << date << "\" type=\""
        << 1 + i % 6 << "\" subject=\"null\" body=\"" << sms_body_xml(i)
        << "\" toa=\"null\" sc_toa=\"null\" service_center=\""
        << (i % 2 == 0 ? "+15550109999" : "null") << "\" read=\"" << (round % 2 == 1 ? 0 : 1)
        << "\" status=\"-1\" locked=\"" << i % 2 << "\" date_sent=\"" << date_sent << "\" sub_id=\""
        << (i % 2 == 0 ? "1" : "-1")
        << "\" readable_date=\"Jan 2, 2026 3:04:05 AM\" contact_name=\""
        << (i % 5 == 4 ? "(Unknown)" : "Contact " + std::to_string(i % 50)) << "\" />\n";
}

inline std::string part(int seq, std::string_view ct, std::string_view name, std::string_view chset,
                        std::string_view text, std::string_view data) {
    std::string s = "      <part seq=\"" + std::to_string(seq) + "\" ct=\"" + std::string(ct)
                    + "\" name=\"" + std::string(name) + "\" chset=\"" + std::string(chset)
                    + "\" cd=\"null\" fn=\"null\" cid=\"&lt;" + std::string(name) + "&gt;\" cl=\""
                    + std::string(name) + "\" ctt_s=\"null\" ctt_t=\"null\"";
    s += " text=\"" + (text.empty() ? std::string("null") : std::string(text)) + "\"";
    s += " data=\"" + (data.empty() ? std::string("null") : std::string(data)) + "\" />\n";
    return s;
}

/// The media kind of MMS `j`: 0 image, 1 audio, 2 video, 3 vCard.
inline size_t mms_media(size_t j) {
    return j % 4;
}

inline std::vector<uint8_t> mms_media_bytes(size_t j, const std::vector<uint8_t>& jpeg) {
    switch (mms_media(j)) {
        case 0:
            return jpeg;
        case 1:
            return amr(4 + j % 5, static_cast<uint32_t>(j));
        case 2:
            return video_3gp(static_cast<uint8_t>(j));
        default:
            return vcard(j);
    }
}

inline std::string mms_text(size_t j) {
    return "Slide text " + std::to_string(j) + " & more";
}

/// The numbers of MMS `j` besides the owner: three for a group (j % 3 == 0), else one.
inline std::vector<std::string> mms_numbers(size_t j) {
    if (j % 3 == 0) {
        return {number(j), number(j + 1), number(j + 2)};
    }
    return {number(j)};
}

/// MMS `j`: msg_box 1 + j % 4, a SMIL part when j is even, a text part and one media part.
inline void write_mms(std::ostream& out, size_t j, const std::vector<uint8_t>& jpeg) {
    const size_t i = 1000 + j;
    const int64_t date = date_ms(i);
    const int box = static_cast<int>(1 + j % 4);
    const std::vector<std::string> numbers = mms_numbers(j);
    std::string address;
    std::string names;
    for (const std::string& n : numbers) {
        address += (address.empty() ? "" : "~") + n;
        names += (names.empty() ? "" : ", ") + ("Member " + n.substr(n.size() - 2));
    }
    static constexpr const char* CT[] = {"image/jpeg", "audio/amr", "video/3gpp", "text/x-vCard"};
    static constexpr const char* NAME[] = {"IMG_0001.jpg", "voice.amr", "clip.3gp", "card.vcf"};
    const std::string media_name = NAME[mms_media(j)];
    const std::string sub =
        j % 5 == 0 ? "null"
                   : "Subject " + std::to_string(j) + (j % 2 == 0 ? " &#55357;&#56832;" : "");
    out << "  <mms date=\"" << date << "\" rr=\"129\" sub=\"" << sub
        << "\" ct_t=\"application/vnd.wap.multipart.related\" read_status=\"null\" seen=\"1\" "
           "msg_box=\""
        << box << "\" address=\"" << address << "\" sub_cs=\"" << (sub == "null" ? "null" : "106")
        << "\" resp_st=\"128\" retr_st=\"null\" d_tm=\"null\" text_only=\"0\" exp=\"604800\" "
           "locked=\"0\" m_id=\"mid"
        << j
        << "@example.invalid\" st=\"null\" retr_txt_cs=\"null\" retr_txt=\"null\" "
           "creator=\"com.example.messaging\" date_sent=\""
        << (j % 2 == 0 ? date / 1000 : 0) << "\" read=\"" << (j % 8 == 4 ? 0 : 1)
        << "\" m_size=\"1000\" rpt_a=\"null\" ct_cls=\"null\" pri=\"129\" sub_id=\"1\" "
           "tr_id=\"T"
        << j
        << "\" resp_txt=\"null\" ct_l=\"null\" m_cls=\"personal\" d_rpt=\"129\" v=\"18\" "
           "m_type=\""
        << (box == 1 ? 132 : 128) << "\" readable_date=\"Jan 2, 2026 3:04:05 AM\" contact_name=\""
        << names << "\">\n    <parts>\n";
    const bool smil = j % 2 == 0;
    if (smil) {
        std::string s = "<smil><head><layout><root-layout/>";
        s += "<region id=\"Image\" top=\"0\" left=\"0\" height=\"80%\" width=\"100%\"/>";
        s += "<region id=\"Text\" top=\"80%\" left=\"0\" height=\"20%\" width=\"100%\"/>";
        s += "</layout></head><body><par dur=\"4000ms\">";
        if (mms_media(j) == 0) {
            s += "<img src=\"" + media_name + "\" region=\"Image\"/>";
        } else if (mms_media(j) == 2) {
            s += "<video src=\"" + media_name + "\" region=\"Image\"/>";
        } else if (mms_media(j) == 1) {
            s += "<audio src=\"" + media_name + "\"/>";
        }
        s += "<text src=\"text_0.txt\" region=\"Text\"/></par></body></smil>";
        out << part(-1, "application/smil", "smil.xml", "null", escape(s), "");
    }
    out << part(0, CT[mms_media(j)], media_name, "null", "", base64(mms_media_bytes(j, jpeg)));
    out << part(0, "text/plain", "text_0.txt", "106", escape(mms_text(j)), "");
    out << "    </parts>\n    <addrs>\n";
    const auto addr = [&](const std::string& a, int type) {
        out << "      <addr address=\"" << a << "\" type=\"" << type << "\" charset=\"106\" />\n";
    };
    if (box == 1) {
        addr(numbers.front(), 137);
        addr(OWNER, 151);
        for (size_t k = 1; k < numbers.size(); ++k) {
            addr(numbers[k], 151);
        }
    } else {
        addr("insert-address-token", 137);
        for (const std::string& n : numbers) {
            addr(n, 151);
        }
    }
    out << "    </addrs>\n  </mms>\n";
}

/// Writes a whole archive.
inline void generate(std::ostream& out, const GeneratorOptions& options) {
    out << "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n"
           "<!--File Created By a test generator <not the app> -->\n"
           "<?xml-stylesheet type=\"text/xsl\" href=\"sms.xsl\"?>\n"
        << "<smses count=\"" << options.sms + options.mms
        << "\" backup_set=\"set\" "
           "backup_date=\"1767323045000\" type=\"full\">\n";
    for (size_t i = 0; i < options.sms; ++i) {
        write_sms(out, i);
        if (i < options.mms) {
            write_mms(out, i, options.jpeg);
        }
    }
    for (size_t j = options.sms; j < options.mms; ++j) {
        write_mms(out, j, options.jpeg);
    }
    if (options.malformed) {
        out << "  <sms address=+15550101234 date=\"1767323045000\" type=\"1\" body=\"x\" />\n";
        out << "  <mms date=\"1767323045000\" msg_box=\"1\" address=\"+15550101235\">\n"
               "    <parts></parts>\n";
        out << "  <sms address=\"+15550101236\" date=\"soon\" type=\"1\" body=\"y\" />\n";
        write_sms(out, 9999);
    }
    out << "</smses>\n";
}

}  // namespace msgforge::test::sbr
