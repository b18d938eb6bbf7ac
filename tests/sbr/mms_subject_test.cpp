// An MMS without subject has none: MS-OXOSMMS 2.2.2.4 abbreviates the text into a subject
// for SMS objects only. Export writes the archive's "null" for it.
#include "oms/text_support.hpp"

#include <msgforge/msg/tags.hpp>
#include <msgforge/oms.hpp>
#include <msgforge/sbr.hpp>

#include <catch2/catch.hpp>

namespace {

using namespace msgforge;
using namespace msgforge::test;
namespace sbr = msgforge::sbr;
namespace tags = msg::tags;

}  // namespace

TEST_CASE("An MMS without subject has no subject properties and exports sub=\"null\"",
          "[oms][subject]") {
    const msg::Message m = reread(oms::build(one_slide("A long first line of text\nand more")));
    for (const msg::PropertyTag tag :
         {tags::PidTagSubject, tags::PidTagSubjectPrefix, tags::PidTagNormalizedSubject}) {
        INFO(tag.to_string());
        CHECK(m.properties.find_id(tag) == nullptr);
    }
    CHECK_FALSE(m.subject());
    const auto v = oms::view(m);
    REQUIRE(v);
    CHECK(v->subject.empty());
    CHECK(oms::validate(m).empty());
    const sbr::Record r = sbr::from_message(m);
    CHECK(r.get("sub") == "null");
    CHECK(r.get("sub_cs") == "null");
    // With a subject: the sample's properties, and the subject exported.
    oms::Mms titled = one_slide("text");
    titled.subject = "Beach";
    const msg::Message t = reread(oms::build(titled));
    CHECK(t.subject() == "Beach");
    CHECK(t.string(tags::PidTagNormalizedSubject) == "Beach");
    CHECK(t.string(tags::PidTagSubjectPrefix) == "");
    CHECK(sbr::from_message(t).get("sub") == "Beach");
    CHECK(sbr::from_message(t).get("sub_cs") == "106");
    // An SMS still gets the abbreviation of its text (MS-OXOSMMS 2.2.2.4).
    oms::Sms sms;
    sms.text = "A long first line of text\nand more";
    CHECK(oms::build(sms).string(tags::PidTagNormalizedSubject) == "A long first line of text");
}
