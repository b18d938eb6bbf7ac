// @tutao/oxmsg writer benchmark, the peer of `msgforge-bench write`.
//   node bench/oxmsg_write.js [--repeat R] --n N --out DIR
// Builds and writes N notes as DIR/note-I.msg (subject, text body, sender, two recipients, a
// 10 KB attachment, the same note msgforge-bench writes), all in one process, and prints one
// JSON line for the best of R passes: {"peer","messages","bytes","seconds","errors"}.
// @tutao/oxmsg is installed by `npm ci --prefix tests/interop` (tests/interop/package.json).
'use strict';

const fs = require('fs');
const path = require('path');

const OXMSG = path.join(__dirname, '..', 'tests', 'interop', 'node_modules', '@tutao', 'oxmsg',
                        'dist', 'index.js');

function parseArgs(args) {
    const out = {repeat: 1, n: 0, dir: ''};
    for (let i = 0; i < args.length; ++i) {
        if (args[i] === '--repeat') {
            out.repeat = Math.max(1, Number(args[++i]));
        } else if (args[i] === '--n') {
            out.n = Number(args[++i]);
        } else if (args[i] === '--out') {
            out.dir = args[++i];
        } else {
            throw new Error('unexpected ' + args[i]);
        }
    }
    if (!(out.n > 0) || out.dir === '') {
        throw new Error('usage: node oxmsg_write.js [--repeat R] --n N --out DIR');
    }
    return out;
}

function attachmentBytes() {
    const data = new Uint8Array(10 * 1024);
    for (let i = 0; i < data.length; ++i) {
        // The pattern of msgforge-bench: (i * 2654435761 mod 2^32) >> 13, low byte.
        data[i] = Number((BigInt(i) * 2654435761n & 0xffffffffn) >> 13n) & 0xff;
    }
    return data;
}

function note(oxmsg, i, data) {
    const email = new oxmsg.Email();
    email.subject('Benchmark note ' + i)
        .bodyText('Hello,\r\nthis is benchmark note ' + i + '.\r\n\r\nRegards,\r\nAlice')
        .sender('alice@example.com', 'Alice Sender')
        .to('bob@example.org', 'Bob Receiver')
        .cc('carol@example.net', 'Carol Copy')
        .attach(new oxmsg.Attachment(data, 'data.bin'));
    return email.msg();
}

async function main(args) {
    const {repeat, n, dir} = parseArgs(args);
    const oxmsg = await import(OXMSG);
    fs.mkdirSync(dir, {recursive: true});
    const data = attachmentBytes();
    let best = null;
    for (let r = 0; r < repeat; ++r) {
        let bytes = 0;
        let errors = 0;
        const start = process.hrtime.bigint();
        for (let i = 0; i < n; ++i) {
            try {
                const msg = note(oxmsg, i, data);
                fs.writeFileSync(path.join(dir, 'note-' + i + '.msg'), msg);
                bytes += msg.length;
            } catch (e) {
                ++errors;
            }
        }
        const seconds = Number(process.hrtime.bigint() - start) / 1e9;
        if (best === null || seconds < best.seconds) {
            best = {peer: 'oxmsg', messages: n, bytes, seconds, errors};
        }
    }
    process.stdout.write(JSON.stringify(best) + '\n');
}

main(process.argv.slice(2)).catch((e) => {
    process.stderr.write('oxmsg_write: ' + (e && e.message !== undefined ? e.message : e) + '\n');
    process.exit(2);
});
