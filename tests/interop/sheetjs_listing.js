#!/usr/bin/env node
// Lists compound files the way SheetJS cfb reads them, as JSON on stdout.
//
// Usage: node sheetjs_listing.js FILE...
// Prints {"files": [{"file", "error", "entries": [{path, type, size, sha256}]}]} in the format
// of tests/corpus/olefile_listing.py. Paths come from CFB.read's FullPaths with the root's
// name and the storages' trailing '/' removed; type is FileIndex[i].type (1 storage, 2 stream).
// The cfb package is installed next to this script (npm ci in tests/interop).
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const CFB = require(path.join(__dirname, 'node_modules', 'cfb'));

function listing(file) {
  const result = {file, error: null, entries: []};
  let cfb;
  try {
    cfb = CFB.read(fs.readFileSync(file), {type: 'buffer'});
  } catch (e) {
    result.error = String(e && e.message ? e.message : e);
    return result;
  }
  const rootPrefix = cfb.FullPaths[0];
  for (let i = 0; i < cfb.FileIndex.length; ++i) {
    const entry = cfb.FileIndex[i];
    let full = cfb.FullPaths[i];
    // FileIndex also holds the root (5) and the unused directory slots (0, MS-CFB 2.6.1
    // "unknown or unallocated"), which FullPaths names "/".
    if (entry.type === 5 || entry.type === 0) {
      continue;
    }
    if (!full.startsWith(rootPrefix)) {
      result.entries.push({path: full, type: 'outside root ' + entry.type, size: 0, sha256: null});
      continue;
    }
    full = full.slice(rootPrefix.length);
    if (entry.type === 1) {
      result.entries.push({path: full.replace(/\/$/, ''), type: 'storage', size: 0, sha256: null});
    } else if (entry.type === 2) {
      const content = entry.content ? Buffer.from(entry.content) : Buffer.alloc(0);
      result.entries.push({
        path: full,
        type: 'stream',
        size: entry.size,
        sha256: crypto.createHash('sha256').update(content).digest('hex'),
        issues: content.length === entry.size ? [] :
                                                ['read ' + content.length + ' bytes of ' + entry.size],
      });
    } else {
      result.entries.push({path: full, type: 'type ' + entry.type, size: entry.size, sha256: null});
    }
  }
  return result;
}

process.stdout.write(JSON.stringify({files: process.argv.slice(2).map(listing)}) + '\n');
