// The SMS and MMS objects of the oms interop tests (oms_interop_test.cpp): four messages built
// with msgforge::oms, and the elements of a synthetic "SMS Backup & Restore" archive imported as
// `msgforge import sbr` does; each with what its inputs call for.
#pragma once

#include <msgforge/msg/message.hpp>
#include <msgforge/oms.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace msgforge::test {

/// One message and what its inputs call for, to check the built message before any peer reads
/// it.
struct Case {
    std::string name;
    msg::Message message;
    oms::ServiceType service = oms::ServiceType::sms;
    std::string text;                         ///< SMS: the body
    std::string subject;                      ///< MMS: the subject
    std::optional<oms::Party> from;           ///< written as the sender
    std::vector<oms::Party> to;               ///< written as the recipients
    std::vector<std::vector<uint8_t>> files;  ///< MMS: every media and extra file given
    std::vector<std::string> slide_texts;     ///< MMS: the text of each slide that has one
    std::string content_id_suffix;            ///< MMS: BuildOptions::content_id_suffix
    std::filesystem::path file;
};

/// sms-sample, sms-sent, mms-sample and mms-received (see oms_interop_test.cpp).
std::vector<Case> build_cases();

/// The elements of a synthetic archive (tests/oms/sbr_generator.hpp, no malformed elements),
/// each imported as `msgforge import sbr --me OWNER` does: the message of sbr::to_message, named
/// by sbr::file_name; its inputs are the object sbr::to_object makes of the element. 18 SMS
/// cover every type (received, sent, draft, outbox, failed, queued), read and unread, every
/// date_sent form, emoji and a lone surrogate; 8 MMS cover every msg_box (1 to 4: received,
/// sent, draft, outbox), every media kind (image, audio, video, vCard), with and without SMIL,
/// group and one-to-one, with and without a subject.
std::vector<Case> import_cases();

}  // namespace msgforge::test
