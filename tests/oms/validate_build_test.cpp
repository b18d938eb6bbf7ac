// The validator against the builder: what build() refuses validate() flags, what it accepts
// validates.
#include "validate_support.hpp"

#include <msgforge/base/text.hpp>
#include <msgforge/msg/compose.hpp>
#include <msgforge/msg/tags.hpp>
#include <msgforge/oms.hpp>
#include <msgforge/oms/names.hpp>

#include <catch2/catch.hpp>

#include <functional>
#include <string>
#include <support/support.hpp>
#include <vector>

namespace {

using namespace msgforge;
using namespace msgforge::oms;
using namespace msgforge::test;
namespace names = msg::names;
namespace tags = msg::tags;

}  // namespace

TEST_CASE("What the builder refuses the validator flags, what it accepts validates",
          "[oms][validate][build]") {
    const std::string sample_account = "{01234567-0123-0123-0123456789abc}";
    const std::string long_name = "." + std::string(236, 'x');  // 256 characters in all

    struct Refusal {
        std::string what;
        std::function<void(Envelope&, const std::string& base)> input;
        std::function<void(msg::Message&, const std::string& base)> force;
        std::string section;
    };

    const auto account = [](std::string value) {
        return std::pair{std::function<void(Envelope&, const std::string&)>(
                             [value](Envelope& e, const std::string&) { e.account = value; }),
                         std::function<void(msg::Message&, const std::string&)>(
                             [value](msg::Message& m, const std::string&) {
                                 replace_named(m, names::PidNameOMSAccountGuid.key(),
                                               std::u16string(value.begin(), value.end()));
                             })};
    };
    const auto subclass = [](std::string rest) {
        return std::pair{
            std::function<void(Envelope&, const std::string&)>(
                [rest](Envelope& e, const std::string& base) { e.message_class = base + rest; }),
            std::function<void(msg::Message&, const std::string&)>(
                [rest](msg::Message& m, const std::string& base) {
                    msg::set(m, tags::PidTagMessageClass, base + rest);
                })};
    };
    const auto source = [](int32_t value) {
        return std::pair{std::function<void(Envelope&, const std::string&)>(
                             [value](Envelope& e, const std::string&) {
                                 e.source = static_cast<SourceType>(value);
                             }),
                         std::function<void(msg::Message&, const std::string&)>(
                             [value](msg::Message& m, const std::string&) {
                                 replace_named(m, names::PidNameOMSSourceType.key(), value);
                             })};
    };
    const std::vector<std::pair<std::string, decltype(account(""))>> inputs = {
        {"an account that is no GUID", account("foo")},
        {"the MMS sample's account", account(sample_account)},
        {"an account without braces", account("01234567-0123-0123-0123-0123456789ab")},
        {"a class ending with a period", subclass(".")},
        {"a class with an empty group", subclass("..Custom")},
        {"a class with a tab", subclass(".A\tB")},
        {"a class with a character beyond ASCII", subclass(".Caf\xC3\xA9")},
        {"a class of 256 characters", subclass(long_name)},
        {"a class of 128 characters", subclass(long_name.substr(0, 109))},
        {"a source type of 5", source(5)},
        {"a source type of -1", source(-1)},
    };
    const std::vector<std::string> sections = {"2.2.1.1", "2.2.1.1", "2.2.1.1", "2.2.2.2",
                                               "2.2.2.2", "2.2.2.2", "2.2.2.2", "2.2.2.2",
                                               "2.2.2.2", "2.2.1.4", "2.2.1.4"};
    REQUIRE(sections.size() == inputs.size());
    for (size_t i = 0; i < inputs.size(); ++i) {
        const auto& [what, change] = inputs[i];
        for (const bool is_sms : {true, false}) {
            INFO(what << (is_sms ? ", SMS" : ", MMS"));
            const std::string base(is_sms ? CLASS_SMS : CLASS_MMS);
            Sms sms;
            sms.text = "Hi";
            Mms mms;
            mms.slides.push_back(Slide{"Hi", std::nullopt, std::nullopt, 5000});
            change.first(is_sms ? sms.envelope : mms.envelope, base);
            if (is_sms) {
                CHECK_THROWS_AS(build(sms), msgforge::UsageError);
            } else {
                CHECK_THROWS_AS(build(mms), msgforge::UsageError);
            }
            // The same value on a message built without it: the validator flags it.
            msg::Message forced = is_sms ? good_sms() : good_mms();
            change.second(forced, base);
            const auto findings = validate(forced);
            REQUIRE(findings.size() == 1);
            CHECK(findings[0].section == "MS-OXOSMMS " + sections[i]);
        }
    }

    // Inputs at the edges of what is allowed: each builds and validates with no finding.
    std::vector<msg::Message> built;
    std::vector<std::string> names;
    const auto add = [&](std::string name, auto&& make) {
        names.push_back(std::move(name));
        built.push_back(reread(make()));
    };
    for (const std::string& text :
         {std::string(), std::string(" \r\n \t"), std::string("a\r\n\r\n  b"),
          std::string("\xC2\xA0 no-break space"), std::string(200, 'x'),
          std::string("Tabs\tand   spaces, \xF0\x9F\x98\x80 and a very long line of text that "
                      "goes on past sixty characters")}) {
        add("SMS text " + text, [&] {
            Sms sms;
            sms.text = text;
            return build(sms);
        });
    }
    for (const std::string& cls :
         {std::string("ipm.note.mobile.sms"), std::string("IPM.Note.Mobile.SMSX"),
          std::string("IPM.Note.Mobile.SMS. ~x"), std::string(CLASS_SMS) + long_name.substr(0, 107),
          std::string("IPM.Note.Mobile.MMS.Custom")}) {
        add("class " + cls, [&] {
            Envelope e;
            e.message_class = cls;
            if (starts_with_ci(cls, CLASS_SMS)) {
                return build(Sms{e, "Hi"});
            }
            return build(Mms{e, "", {Slide{"Hi", std::nullopt, std::nullopt, 5000}}, {}});
        });
    }
    for (int32_t s = 0; s <= 4; ++s) {
        add("source " + std::to_string(s), [&] {
            Sms sms;
            sms.envelope.source = static_cast<SourceType>(s);
            sms.envelope.account = "{C200E360-38C5-11AE-AE62-08002B2B79EF}";
            return build(sms);
        });
    }
    const std::vector<uint8_t> jpeg =
        test::read_file(std::filesystem::path(MSGFORGE_TESTDATA_DIR) / "oms" / "photo.jpg");
    for (const std::string file : {"photo.j pg", "photo.jp'g", "a.b&c", "noext", "photo.",
                                   ".hidden", "dir/x.jpg", "photo.JPG", "ph\"o<t>o@.jpg", ""}) {
        add("file name " + file, [&] {
            Mms mms;
            mms.slides.push_back(Slide{"", Media{file, jpeg, ""}, std::nullopt, 1});
            mms.extra.push_back(Media{file, jpeg, "IMAGE/JPEG; name=x"});
            return build(mms);
        });
        // Content-IDs take the extension of a file name only when it is letters and digits.
        for (const msg::Attachment& a : built.back().attachments) {
            const std::string cid = a.string(tags::PidTagAttachContentId).value();
            INFO(cid);
            const std::string local = cid.substr(0, cid.find('@'));
            CHECK(local.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                          "0123456789.")
                  == std::string::npos);
        }
    }
    for (const uint32_t ms : {0U, 1U, UINT32_MAX}) {
        add("slide duration " + std::to_string(ms), [&] {
            Mms mms;
            mms.slides.push_back(Slide{"Hi", std::nullopt, std::nullopt, ms});
            return build(mms);
        });
    }
    for (char c = '!'; c <= '~'; ++c) {
        const std::string suffix = std::string("S") + c + "X";
        Mms mms;
        mms.slides.push_back(Slide{"Hi", Media{"p.jpg", jpeg, ""}, std::nullopt, 5000});
        BuildOptions options;
        options.content_id_suffix = suffix;
        if (std::string_view("<>@\"").find(c) != std::string_view::npos) {
            INFO(suffix);
            CHECK_THROWS_AS(build(mms, options), msgforge::UsageError);
            continue;
        }
        add("Content-ID suffix " + suffix, [&] { return build(mms, options); });
    }
    for (size_t i = 0; i < built.size(); ++i) {
        INFO(names[i]);
        for (const Finding& f : validate(built[i])) {
            UNSCOPED_INFO(to_string(f.severity) << " " << f.section << ": " << f.message);
        }
        CHECK(validate(built[i]).empty());
    }
}
