// convert IN.msg -o OUT.eml (one file, many into a folder) and export mbox.
#include "msg_fixtures.hpp"

#include <msgforge/msg/compose.hpp>

#include <catch2/catch.hpp>

#include <string>

namespace {

using namespace msgforge;
using namespace msgforge::test;

msg::Message note(const std::string& subject, const std::string& body) {
    msg::Message m;
    msg::set(m, msg::tags::PidTagMessageClass, "IPM.Note");
    msg::set(m, msg::tags::PidTagSubject, subject);
    msg::set(m, msg::tags::PidTagBody, body);
    msg::set_sender(m, {"Ann", "ann@example.com", "SMTP"});
    msg::set(m, msg::tags::PidTagClientSubmitTime, FileTime::from_unix_seconds(1'700'000'000));
    return m;
}

TEST_CASE("convert IN.msg -o OUT.eml writes the message as MIME") {
    TempDir dir;
    const auto in = write_message(dir, note("Hello", "Body text\r\n"), "a.msg");
    Result r = run({"convert", in.string(), "-o", (dir / "a.eml").string()});
    REQUIRE(r.status == 0);
    const std::string eml = text_of(dir / "a.eml");
    CHECK(eml.find("Subject: Hello\r\n") != std::string::npos);
    CHECK(eml.find("From: Ann <ann@example.com>\r\n") != std::string::npos);
    CHECK(eml.find("\r\n\r\nBody text\r\n") != std::string::npos);

    r = run({"convert", in.string(), "-o", (dir / "a.txt").string(), "--to", "eml"});
    REQUIRE(r.status == 0);
    CHECK(text_of(dir / "a.txt") == eml);

    r = run({"convert", in.string(), "-o", (dir / "b.msg").string()});
    REQUIRE(r.status == 0);
    CHECK(text_of(dir / "b.msg").starts_with("\xD0\xCF\x11\xE0"));

    r = run({"convert", in.string(), "-o", (dir / "c.eml").string(), "--to", "mbox"});
    CHECK(r.status == 2);
    CHECK(r.err.find("--to takes eml or msg") != std::string::npos);
}

TEST_CASE("convert of many .msg files writes DIR/<stem>.eml and goes on past a bad file") {
    TempDir dir;
    const auto a = write_message(dir, note("First", "1"), "a.msg");
    const auto b = write_message(dir, note("Second", "2"), "b.msg");
    const auto bad = write_text(dir, "bad.msg", "not a compound file");
    const auto out = dir / "out";
    Result r = run({"convert", a.string(), bad.string(), b.string(), "-o", out.string()});
    CHECK(r.status == 1);
    CHECK(r.err.find(bad.string()) != std::string::npos);
    CHECK(r.err.find("3 files, 1 failed") != std::string::npos);
    CHECK(text_of(out / "a.eml").find("Subject: First") != std::string::npos);
    CHECK(text_of(out / "b.eml").find("Subject: Second") != std::string::npos);
    CHECK(!std::filesystem::exists(out / "bad.eml"));

    r = run({"convert", a.string(), b.string(), "-o", (dir / "x.msg").string()});
    CHECK(r.status == 2);
    CHECK(r.err.find("takes one IN.msg") != std::string::npos);
}

TEST_CASE("convert --to eml of a folder numbers the files whose stems collide") {
    TempDir dir;
    std::filesystem::create_directories(dir / "in" / "x");
    std::filesystem::create_directories(dir / "in" / "y");
    write_message(dir, note("X", "x"), "in/x/m.msg");
    write_message(dir, note("Y", "y"), "in/y/m.msg");
    const auto out = dir / "out";
    const Result r = run({"convert", (dir / "in").string(), "--to", "eml", "-o", out.string()});
    REQUIRE(r.status == 0);
    CHECK(text_of(out / "m.eml").find("Subject: X") != std::string::npos);
    CHECK(text_of(out / "m (2).eml").find("Subject: Y") != std::string::npos);
}

TEST_CASE("export mbox writes every message as an mboxrd entry") {
    TempDir dir;
    write_message(dir, note("One", "From the start\r\nline\r\n"), "1.msg");
    write_message(dir, note("Two", ">From quoted\r\n"), "2.msg");
    const auto mbox = dir / "out.mbox";
    Result r = run({"export", "mbox", dir.path().string(), "-o", mbox.string()});
    REQUIRE(r.status == 0);
    CHECK(r.out == "2 messages written to " + mbox.string() + "\n");
    const std::string text = text_of(mbox);
    CHECK(text.find('\r') == std::string::npos);
    CHECK(text.starts_with("From ann@example.com Tue Nov 14 22:13:20 2023\n"));
    CHECK(count(text, "\nFrom ann@example.com ") == 1);
    CHECK(text.find("\n>From the start\n") != std::string::npos);
    CHECK(text.find("\n>>From quoted\n") != std::string::npos);

    write_text(dir, "3.msg", "broken");
    r = run({"export", "mbox", dir.path().string(), "-o", mbox.string()});
    CHECK(r.status == 1);
    CHECK(r.err.find("3.msg") != std::string::npos);
    CHECK(r.err.find("3 files, 1 failed") != std::string::npos);
    CHECK(count(text_of(mbox), "Subject: ") == 2);
}

}  // namespace
