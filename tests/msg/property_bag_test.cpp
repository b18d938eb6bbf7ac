#include <msgforge/msg/property_bag.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace msgforge::msg;

namespace {

std::vector<uint32_t> tags_of(const PropertyBag& bag) {
    std::vector<uint32_t> out;
    for (const Property& p : bag) {
        out.push_back(p.tag.u32());
    }
    return out;
}

Property int32(uint32_t tag, int32_t v) {
    return Property{PropertyTag::from_u32(tag), PROPATTR_READABLE, v};
}

Property string(uint32_t tag, std::u16string v) {
    return Property{PropertyTag::from_u32(tag), PROPATTR_READABLE, std::move(v)};
}

}  // namespace

TEST_CASE("A property bag keeps tags in order, however they are added", "[msg][bag]") {
    PropertyBag bag;
    bag.set(PropertyTag::from_u32(0x0E070003), int32_t{1});
    bag.set(PropertyTag::from_u32(0x00170003), int32_t{2});
    bag.set(PropertyTag::from_u32(0x0037001F), std::u16string(u"s"));
    bag.set(PropertyTag::from_u32(0x00170003), int32_t{3});
    CHECK(tags_of(bag) == std::vector<uint32_t>{0x00170003, 0x0037001F, 0x0E070003});
    CHECK(*bag.get_as<int32_t>(PropertyTag::from_u32(0x00170003)) == 3);
    CHECK(bag.find(PropertyTag::from_u32(0x0E080003)) == nullptr);
    CHECK(bag.find(PropertyTag::from_u32(0x00010003)) == nullptr);
    CHECK(bag.find(PropertyTag::from_u32(0x0037001F)) != nullptr);
    CHECK_THROWS_AS(bag.set(PropertyTag::from_u32(0x0037001F), int32_t{1}), msgforge::UsageError);

    SECTION("assign sorts what it is given and moves each value to its tag") {
        std::vector<Property> props;
        props.push_back(string(0x3001001F, u"three"));
        props.push_back(int32(0x0E070003, 7));
        props.push_back(string(0x0037001F, u"subject"));
        props.push_back(int32(0x00170003, 1));
        bag.assign(std::move(props));
        CHECK(tags_of(bag)
              == std::vector<uint32_t>{0x00170003, 0x0037001F, 0x0E070003, 0x3001001F});
        CHECK(*bag.get_as<std::u16string>(PropertyTag::from_u32(0x3001001F)) == u"three");
        CHECK(*bag.get_as<std::u16string>(PropertyTag::from_u32(0x0037001F)) == u"subject");
        CHECK(*bag.get_as<int32_t>(PropertyTag::from_u32(0x0E070003)) == 7);
        CHECK(*bag.get_as<int32_t>(PropertyTag::from_u32(0x00170003)) == 1);
    }
    SECTION("assign refuses a repeated tag or a value of the wrong type, changing nothing") {
        std::vector<Property> twice{int32(0x0E070003, 1), int32(0x00170003, 2),
                                    int32(0x0E070003, 3)};
        CHECK_THROWS_AS(bag.assign(std::move(twice)), msgforge::UsageError);
        std::vector<Property> wrong{int32(0x0037001F, 1)};
        CHECK_THROWS_AS(bag.assign(std::move(wrong)), msgforge::UsageError);
        CHECK(tags_of(bag) == std::vector<uint32_t>{0x00170003, 0x0037001F, 0x0E070003});
    }
}
