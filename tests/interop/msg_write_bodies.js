// @kenjiuno/msgreader bodies for the writer interop matrix (msg_write_matrix.cpp).
//   node msg_write_bodies.js FILE...
// Prints {"peer":"msgreader","files":[{"file","error","body_html","rtf"}]}: body_html is
// msgreader's html (PidTagHtml bytes, decoded as UTF-8, the PidTagInternetCodepage 65001 the
// matrix writes) or its bodyHtml string; rtf is compressedRtf (PidTagRtfCompressed) run
// through @kenjiuno/decompressrtf, msgreader's own dependency, as Latin-1 text. Absent: null.
'use strict';

const fs = require('fs');
const path = require('path');
const MsgReader = require(path.join(__dirname, 'node_modules', '@kenjiuno', 'msgreader')).default;
const {decompressRTF} = require(path.join(__dirname, 'node_modules', '@kenjiuno', 'decompressrtf'));

function bodies(file) {
    const bytes = fs.readFileSync(file);
    const data = new MsgReader(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length))
                     .getFileData();
    if (data.error !== undefined) {
        throw new Error(data.error);
    }
    let html = null;
    if (data.html !== undefined) {
        html = Buffer.from(data.html).toString('utf8');
    } else if (data.bodyHtml !== undefined) {
        html = data.bodyHtml;
    }
    const rtf = data.compressedRtf === undefined
                    ? null
                    : Buffer.from(decompressRTF(Array.from(data.compressedRtf))).toString('latin1');
    return {body_html: html, rtf};
}

const files = process.argv.slice(2).map((file) => {
    try {
        return Object.assign({file, error: null}, bodies(file));
    } catch (e) {
        return {file, error: String(e && e.message !== undefined ? e.message : e), body_html: null,
                rtf: null};
    }
});
process.stdout.write(JSON.stringify({peer: 'msgreader', files}) + '\n');
