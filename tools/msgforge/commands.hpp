// The commands behind the CLI's command table; each returns its exit status and lets
// exceptions escape to run(), which maps them to exit statuses.
#pragma once

#include "args.hpp"
#include "cli.hpp"

#include <ostream>

namespace msgforge::cli {

struct Context {
    std::ostream& out;
    std::ostream& err;
};

/// `cfb ls [--json] FILE`.
int cfb_ls(const ParsedArgs& args, const Context& ctx);

/// `cfb cat FILE PATH`.
int cfb_cat(const ParsedArgs& args, const Context& ctx);

/// `cfb check [--strict] FILE`.
int cfb_check(const ParsedArgs& args, const Context& ctx);

/// `cfb pack DIR -o FILE [--v4]`.
int cfb_pack(const ParsedArgs& args, const Context& ctx);

/// `cfb unpack FILE -o DIR`.
int cfb_unpack(const ParsedArgs& args, const Context& ctx);

/// `show FILE`.
int msg_show(const ParsedArgs& args, const Context& ctx);

/// `dump [--json] [--full] FILE`.
int msg_dump(const ParsedArgs& args, const Context& ctx);

/// `extract FILE -o DIR [--bodies]`.
int msg_extract(const ParsedArgs& args, const Context& ctx);

/// `build FILE.json -o OUT.msg [--v4]`.
int msg_build(const ParsedArgs& args, const Context& ctx);

/// `roundtrip FILE...`.
int msg_roundtrip(const ParsedArgs& args, const Context& ctx);

/// `convert IN.msg -o OUT.msg [--unicode | --ansi CODEPAGE] [--v4]`.
int msg_convert(const ParsedArgs& args, const Context& ctx);

/// `sms --to NUMBER... (--text TEXT | --text-file FILE) ... -o OUT.msg`.
int oms_sms(const ParsedArgs& args, const Context& ctx);

/// `mms --to NUMBER... --slide SPEC... [--attach FILE...] ... -o OUT.msg`.
int oms_mms(const ParsedArgs& args, const Context& ctx);

/// `validate FILE...`.
int oms_validate(const ParsedArgs& args, const Context& ctx);

/// `import sbr BACKUP.xml -o DIR [--me NUMBER] [--by-conversation] [--strict] [--quiet]
/// [--threads N]`.
int sbr_import(const ParsedArgs& args, const Context& ctx);

/// `export sbr DIR... -o BACKUP.xml [--me NUMBER]`.
int sbr_export(const ParsedArgs& args, const Context& ctx);

}  // namespace msgforge::cli
