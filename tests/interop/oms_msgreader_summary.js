// @kenjiuno/msgreader peer for the SMS/MMS interop test (oms_interop_test.cpp).
//   node oms_msgreader_summary.js FILE...
// Prints {"peer":"msgreader","files":[{"file","error","summary"}]}. The summary is what
// msgreader's getFileData() shows: class, subject, bodies, sender and recipients with address
// types, every attachment (name, the bytes getAttachment() returns as size and SHA-256, MIME
// tag, Content-ID, hidden flag) and the named properties of the message from rawProps
// (parserConfig.includeRawProps): id, name, value. msgreader keeps only the name of a
// string-named property, not its property set, so there is no "set". Absent values are null.
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const MsgReader = require(path.join(__dirname, 'node_modules', '@kenjiuno', 'msgreader')).default;

const RECIPIENT_TYPES = {to: 1, cc: 2, bcc: 3};
const PT_SYSTIME = '0040';

function orNull(v) {
    return v === undefined ? null : v;
}

// msgreader gives times as Date.toUTCString(): seconds, UTC.
function isoSeconds(utcString) {
    return new Date(utcString).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function named(data) {
    return (data.rawProps || [])
        .filter((p) => p.propertyName !== undefined)
        .map((p) => ({
            id: parseInt(p.propertyTag.substring(0, 4), 16),
            name: p.propertyName,
            value: p.propertyTag.substring(4) === PT_SYSTIME ? isoSeconds(p.value) : p.value,
        }));
}

function summary(reader, data) {
    return {
        class: orNull(data.messageClass),
        subject: orNull(data.subject),
        body_text: orNull(data.body),
        // PidTagHtml bytes: the builder writes them in PidTagInternetCodepage 65001.
        body_html: data.html === undefined ? null : Buffer.from(data.html).toString('utf8'),
        sender: {
            name: orNull(data.senderName),
            email: orNull(data.senderEmail),
            address_type: orNull(data.senderAddressType),
        },
        recipients: (data.recipients || []).map((r) => ({
            name: orNull(r.name),
            email: orNull(r.email),
            address_type: orNull(r.addressType),
            type: r.recipType === undefined ? null : RECIPIENT_TYPES[r.recipType],
        })),
        attachments: (data.attachments || []).map((a) => {
            const content = Buffer.from(reader.getAttachment(a).content);
            return {
                name: orNull(a.fileName),
                size: content.length,
                sha256: crypto.createHash('sha256').update(content).digest('hex'),
                mime: orNull(a.attachMimeTag),
                content_id: orNull(a.pidContentId),
                hidden: orNull(a.attachmentHidden),
            };
        }),
        named: named(data),
    };
}

const files = process.argv.slice(2).map((file) => {
    try {
        const bytes = fs.readFileSync(file);
        const reader =
            new MsgReader(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
        reader.parserConfig = {includeRawProps: true};
        const data = reader.getFileData();
        if (data.error !== undefined) {
            throw new Error(data.error);
        }
        return {file, error: null, summary: summary(reader, data)};
    } catch (e) {
        return {file, error: String(e && e.message !== undefined ? e.message : e), summary: null};
    }
});
process.stdout.write(JSON.stringify({peer: 'msgreader', files}) + '\n');
