#include "drills/drill_spec.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <functional>
#include <regex>
#include <set>
#include <string_view>

#include "model/diagnostic.hpp"
#include "model/digest.hpp"
#include "model/errors.hpp"
#include "model/field_reader.hpp"
#include "model/units.hpp"

namespace drsim::drills {
namespace {

using model::describe;
using model::EnumTable;
using model::expect_list;
using model::expect_mapping;
using model::MapReader;
using model::read_bool;
using model::read_duration;
using model::read_enum;
using model::read_string;

// Characters a path may hold. Paths reach pg_ctl (which starts the server through /bin/sh -c),
// restore_command (a shell command with %-escapes) and configuration files: anything a shell,
// restore_command or a quoted setting would interpret is refused rather than escaped.
bool path_char_ok(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("/._-+,@:=~").find(c) != std::string_view::npos;
}

// A path drsim hands to tools; kept even when refused, so no "missing" error follows the real one.
std::optional<std::string> read_path(const Node& n, DiagnosticList& diags) {
  auto text = read_string(n, diags);
  if (!text) return std::nullopt;
  std::vector<std::string> bad;
  for (char c : *text) {
    if (path_char_ok(c)) continue;
    std::string shown = c == ' ' ? "space"
                        : std::isprint(static_cast<unsigned char>(c))
                            ? std::string(1, c)
                            : "a control or non-ASCII byte";
    if (std::find(bad.begin(), bad.end(), shown) == bad.end()) bad.push_back(shown);
  }
  if (!bad.empty()) {
    std::string list;
    for (const auto& b : bad) list += (list.empty() ? "" : " ") + b;
    diags.error(n.loc(), "path has characters drsim does not pass on: " + list,
                {"paths reach /bin/sh (pg_ctl, restore_command): use letters, digits and "
                 "/ . _ - + , @ : = ~ only"});
  }
  return text;
}

// OS users and roles reach runuser's argv and connection strings: plain names only.
std::optional<std::string> read_name(const Node& n, DiagnosticList& diags) {
  auto text = read_string(n, diags);
  if (!text) return std::nullopt;
  bool ok = std::all_of(text->begin(), text->end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) ||
           std::isdigit(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
  if (!ok) {
    diags.error(n.loc(), "name " + describe(n) + " is not a plain name",
                {"use lowercase letters, digits, '_' and '-'"});
    return std::nullopt;
  }
  return text;
}

bool valid_sql_identifier_path(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.')) return false;
  }
  return s.front() != '.' && s.back() != '.';
}

// A table (optionally schema.table) or column name that is spliced into SQL: plain only.
std::optional<std::string> read_identifier(const Node& n, const std::string& what,
                                           DiagnosticList& diags) {
  auto text = read_string(n, diags);
  if (text && !valid_sql_identifier_path(*text)) {
    diags.error(n.loc(), what + " " + describe(n) + " is not a plain identifier",
                {"use letters, digits and '_' (optionally schema.table)"});
  }
  return text;
}

// A list of strings; items that are no string are reported where they stand and left out.
std::vector<std::string> read_strings(const Node& n, DiagnosticList& diags) {
  std::vector<std::string> out;
  if (!expect_list(n, diags)) return out;
  for (const auto& item : n.items) {
    if (auto s = read_string(item, diags)) out.push_back(*s);
  }
  return out;
}

// A connection string, which must not carry a password: it would end up in files and process
// lists.
std::optional<std::string> read_conninfo(const Node& n, DiagnosticList& diags) {
  auto text = read_string(n, diags);
  if (!text) return std::nullopt;
  std::string lower = *text;
  std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
  bool has_password = lower.find("password") != std::string::npos;
  // URI form: postgresql://user:secret@host
  auto scheme = lower.find("://");
  if (scheme != std::string::npos) {
    auto at = lower.find('@', scheme);
    auto colon = lower.find(':', scheme + 3);
    if (at != std::string::npos && colon != std::string::npos && colon < at) has_password = true;
  }
  if (has_password) {
    diags.error(n.loc(), "the connection string contains a password",
                {"remove it and name where to read it: 'password_env: PGPASSWORD_DRILL' or "
                 "'password_file: /run/secrets/pg'"});
  }
  return text;
}

// Where a secret comes from: `<name>_env` or `<name>_file` (at most one of them).
void read_secret(MapReader& keys, const std::string& name, PasswordSource& out,
                 DiagnosticList& diags) {
  const std::string env_key = name + "_env", file_key = name + "_file";
  const Node* env = keys.get(env_key.c_str());
  const Node* file = keys.get(file_key.c_str());
  if (env) out.env = read_string(*env, diags).value_or("");
  if (file) out.file = read_path(*file, diags).value_or("");
  if (env && file) {
    diags.error(file->loc(), "give either '" + env_key + "' or '" + file_key + "', not both",
                {"remove one of them"});
  }
}

void read_password(MapReader& keys, PasswordSource& out, DiagnosticList& diags) {
  read_secret(keys, "password", out, diags);
}

// A probe's name, unique among the drill's probes, and its expected text; `reads` reads what
// the target runs (a query, a command).
void read_probes(const Node& list, VerifySpec& vs, DiagnosticList& diags,
                 const std::function<void(MapReader&, ProbeSpec&)>& reads) {
  if (!expect_list(list, diags)) return;
  std::set<std::string> names;
  for (const auto& p : list.items) {
    MapReader pk(p, diags);
    ProbeSpec probe;
    probe.loc = p.loc();
    if (const Node* n = pk.need("name", "orders-present")) {
      probe.name = read_string(*n, diags).value_or("");
    }
    reads(pk, probe);
    if (const Node* e = pk.need("expect", "'t'")) {
      if (e->is_scalar()) {
        probe.expect = e->scalar;
      } else {
        diags.error(e->loc(), "expected a scalar value, got " + describe(*e),
                    {"write the text the probe must show, e.g. 't'"});
      }
    }
    if (!probe.name.empty() && !names.insert(probe.name).second) {
      diags.error(p.loc(), "probe name '" + probe.name + "' is used twice",
                  {"give every probe its own name"});
    }
    vs.probes.push_back(probe);
  }
}

// The heartbeat section: its presence turns the heartbeat on; `enabled`, `interval`, and what
// `where` reads of the target's own (where the beat goes).
void read_heartbeat(MapReader& top, DrillSpec& spec, DiagnosticList& diags,
                    const std::function<void(MapReader&)>& where) {
  const Node* hb = top.get("heartbeat");
  if (!hb) return;
  MapReader k(*hb, diags);
  HeartbeatSpec& h = spec.heartbeat;
  h.enabled = true;
  if (const Node* n = k.get("enabled")) h.enabled = read_bool(*n, diags).value_or(h.enabled);
  if (const Node* n = k.get("interval")) {
    h.interval_s = read_duration(*n, "interval", 0.01, 60, diags).value_or(h.interval_s);
  }
  where(k);
}

// The sections of a PostgreSQL drill: source, backup, recovery, scratch, heartbeat, verify.
void read_postgresql_sections(MapReader& top, const Node& root, std::optional<Method> method,
                              DrillSpec& spec, DiagnosticList& diags) {
  // source
  if (const Node* src = top.need("source", "{conninfo: 'host=db1 user=drill dbname=app'}")) {
    MapReader k(*src, diags);
    spec.source.loc = src->loc();
    if (const Node* c = k.need("conninfo", "'host=db1 user=drill dbname=app'")) {
      spec.source.conninfo = read_conninfo(*c, diags).value_or("");
    }
    read_password(k, spec.source.password, diags);
  }

  // backup
  const Node* backup_node = top.get("backup");
  if (backup_node) {
    MapReader k(*backup_node, diags);
    BackupSpec& b = spec.backup;
    b.loc = backup_node->loc();
    if (const Node* n = k.get("take")) b.take = read_bool(*n, diags).value_or(b.take);
    if (const Node* n = k.get("base_dir")) b.base_dir = read_path(*n, diags).value_or("");
    if (const Node* n = k.get("archive_dir")) b.archive_dir = read_path(*n, diags).value_or("");
    if (const Node* n = k.get("dump_file")) b.dump_file = read_path(*n, diags).value_or("");
    if (const Node* n = k.get("database")) b.database = read_string(*n, diags).value_or("");
    if (const Node* n = k.get("fast_checkpoint")) {
      b.fast_checkpoint = read_bool(*n, diags).value_or(b.fast_checkpoint);
    }
    if (const Node* n = k.get("loss_after")) {
      b.loss_after_s = read_duration(*n, "loss_after", 0, 3600, diags).value_or(b.loss_after_s);
    }
  }
  SourceLoc backup_loc = backup_node ? backup_node->loc() : root.loc();
  // Method-specific rules only make sense once the method is known.
  if (method == Method::kPitr && spec.backup.archive_dir.empty()) {
    diags.error(backup_loc, "a pitr drill needs the source's WAL archive directory",
                {"add it, e.g. 'backup: {archive_dir: /var/lib/postgresql/wal-archive}'"});
  }
  if (method == Method::kPitr && !spec.backup.take && spec.backup.base_dir.empty()) {
    diags.error(backup_loc, "an existing pitr backup needs 'base_dir'",
                {"point it at a plain-format pg_basebackup directory, or set 'take: true'"});
  }
  if (method == Method::kLogical && !spec.backup.take && spec.backup.dump_file.empty()) {
    diags.error(backup_loc, "an existing logical backup needs 'dump_file'",
                {"point it at a pg_dump -Fc file, or set 'take: true'"});
  }
  if (method == Method::kFailover && !spec.backup.take) {
    diags.error(backup_loc, "a failover drill always builds its own replica",
                {"remove 'take: false'"});
  }

  // recovery
  if (const Node* rec = top.get("recovery")) {
    MapReader k(*rec, diags);
    if (const Node* f = k.get("failback")) {
      spec.recovery.failback = read_bool(*f, diags).value_or(false);
      if (spec.recovery.failback && spec.method != Method::kFailover) {
        diags.error(f->loc(), "'failback' applies to failover drills only",
                    {"use 'method: failover', or remove 'failback'"});
      }
    }
    if (const Node* t = k.get("target_time")) {
      if (auto text = read_string(*t, diags)) {
        spec.recovery.target_time = *text;
        if (spec.method != Method::kPitr) {
          diags.error(t->loc(), "'target_time' applies to pitr drills only",
                      {"remove it: other methods restore to the end of what they copy"});
        }
        if (text->find('\'') != std::string::npos) {
          diags.error(t->loc(), "target time " + describe(*t) + " contains a quote",
                      {"write a timestamp, e.g. '2026-11-22 03:00:00+00'"});
        }
      }
    }
  }

  // scratch
  if (const Node* sc = top.get("scratch")) {
    MapReader k(*sc, diags);
    ScratchSpec& s = spec.scratch;
    s.loc = sc->loc();
    if (const Node* n = k.get("kind")) {
      static const EnumTable<ScratchKind> kKinds{{"instance", ScratchKind::kInstance},
                                                 {"database", ScratchKind::kDatabase}};
      s.kind = read_enum(*n, "scratch kind", kKinds, diags).value_or(s.kind);
    }
    if (const Node* n = k.get("dir")) s.dir = read_path(*n, diags).value_or(s.dir);
    if (const Node* n = k.get("data_dir")) s.data_dir = read_path(*n, diags).value_or("");
    if (const Node* p = k.get("port")) {
      const char* hint = "allowed range is 1024 to 65535, or 'auto'";
      if (p->is_scalar() && p->scalar != "auto") {
        // Digits only: std::stol would also take a sign and leading blanks ("+5432", " 5432").
        const std::string& t = p->scalar;
        const bool digits =
            !t.empty() && t.size() <= 5 &&
            std::all_of(t.begin(), t.end(), [](unsigned char ch) { return std::isdigit(ch) != 0; });
        const long v = digits ? std::stol(t) : 0;
        if (digits && v >= 1024 && v <= 65535) {
          s.port = static_cast<int>(v);
        } else {
          diags.error(p->loc(), "port " + describe(*p) + " is not a usable port", {hint});
        }
      } else if (!p->is_scalar()) {
        diags.error(p->loc(), "expected a port number or 'auto', got " + describe(*p), {hint});
      }
    }
    if (const Node* n = k.get("os_user")) s.os_user = read_name(*n, diags).value_or(s.os_user);
    if (const Node* n = k.get("bin_dir")) s.bin_dir = read_path(*n, diags).value_or(s.bin_dir);
    if (const Node* n = k.get("user")) s.user = read_name(*n, diags).value_or(s.user);
    if (const Node* n = k.get("conninfo")) s.conninfo = read_conninfo(*n, diags).value_or("");
    read_password(k, s.password, diags);
    if (const Node* n = k.get("keep_for")) {
      s.keep_for_s = read_duration(*n, "keep_for", 0, 86400, diags).value_or(s.keep_for_s);
    }
    if (const Node* n = k.get("fsync")) s.fsync = read_bool(*n, diags).value_or(s.fsync);
    if (s.kind == ScratchKind::kDatabase) {
      if (spec.method != Method::kLogical) {
        diags.error(sc->loc(), "a scratch database works for logical drills only",
                    {"use 'kind: instance' (the default) for pitr and failover"});
      }
      if (s.conninfo.empty()) {
        diags.error(sc->loc(), "a scratch database needs the server to restore into",
                    {"add 'conninfo: \"host=scratch-db user=drill dbname=postgres\"'"});
      }
    }
  }

  read_heartbeat(top, spec, diags, [&](MapReader& k) {
    if (const Node* n = k.get("table")) {
      spec.heartbeat.table =
          read_identifier(*n, "table name", diags).value_or(spec.heartbeat.table);
    }
  });

  // verify
  if (const Node* v = top.get("verify")) {
    MapReader k(*v, diags);
    VerifySpec& vs = spec.verify;
    if (const Node* n = k.get("level")) {
      static const EnumTable<VerifyLevel> kLevels{{"quick", VerifyLevel::kQuick},
                                                  {"standard", VerifyLevel::kStandard},
                                                  {"thorough", VerifyLevel::kThorough}};
      vs.level = read_enum(*n, "verification level", kLevels, diags).value_or(vs.level);
    }
    if (const Node* n = k.get("compare_tables")) {
      vs.compare_tables = read_bool(*n, diags).value_or(vs.compare_tables);
    }
    if (const Node* n = k.get("check_manifest")) {
      vs.check_manifest = read_bool(*n, diags).value_or(vs.check_manifest);
    }
    if (const Node* t = k.get("tables"); t && !(t->is_scalar() && t->scalar == "all")) {
      // Each name is checked, and blamed, where it stands in the list.
      if (expect_list(*t, diags)) {
        for (const auto& item : t->items) {
          if (auto name = read_identifier(item, "table name", diags)) vs.tables.push_back(*name);
        }
      }
    }
    if (const Node* n = k.get("databases")) vs.databases = read_strings(*n, diags);
    if (const Node* ps = k.get("probes")) {
      read_probes(*ps, vs, diags, [&](MapReader& pk, ProbeSpec& probe) {
        if (const Node* n = pk.get("database")) {
          probe.database = read_string(*n, diags).value_or("");
        }
        if (const Node* n = pk.need("sql", "'select count(*) > 0 from orders'")) {
          probe.sql = read_string(*n, diags).value_or("");
        }
      });
    }
    if (const Node* fs = k.get("freshness"); fs && expect_list(*fs, diags)) {
      for (const auto& f : fs->items) {
        MapReader fk(f, diags);
        FreshnessSpec fr;
        fr.loc = f.loc();
        if (const Node* n = fk.need("table", "public.orders")) {
          fr.table = read_identifier(*n, "table name", diags).value_or("");
        }
        if (const Node* n = fk.need("column", "created_at")) {
          fr.column = read_identifier(*n, "column name", diags).value_or("");
        }
        if (const Node* n = fk.need("within", "'5 min'")) {
          fr.within_s = read_duration(*n, "within", 0, 365 * 86400.0, diags).value_or(0);
        }
        if (const Node* n = fk.get("database")) fr.database = read_string(*n, diags).value_or("");
        vs.freshness.push_back(fr);
      }
    }
  }
}

// A key drsim writes on a source (the heartbeat): printable, no blanks.
std::optional<std::string> read_key(const Node& n, DiagnosticList& diags) {
  auto text = read_string(n, diags);
  if (text &&
      (text->empty() || text->size() > 128 || !std::all_of(text->begin(), text->end(), [](char c) {
         return std::isalnum(static_cast<unsigned char>(c)) ||
                std::string_view(":._-/").find(c) != std::string_view::npos;
       }))) {
    diags.error(n.loc(), "key " + describe(n) + " is not a plain key name",
                {"use letters, digits and : . _ - / only, at most 128 characters"});
  }
  return text;
}

// host:port of a server drsim connects to (no user or password in it).
std::string read_host_port(const Node& n, DiagnosticList& diags) {
  std::string text = read_string(n, diags).value_or("");
  const auto colon = text.rfind(':');
  const std::string port = colon == std::string::npos ? "" : text.substr(colon + 1);
  const bool digits =
      !port.empty() && port.size() <= 5 &&
      std::all_of(port.begin(), port.end(), [](unsigned char ch) { return std::isdigit(ch) != 0; });
  if (!text.empty() &&
      (colon == 0 || !digits || std::stol(port) < 1 || std::stol(port) > 65535 ||
       text.find('@') != std::string::npos || text.find('/') != std::string::npos)) {
    diags.error(n.loc(), "address " + describe(n) + " is not host:port",
                {"write e.g. '10.0.0.5:6379'; a password goes in 'password_env' or "
                 "'password_file'"});
  }
  return text;
}

// The backup of a server target: drsim takes one, or `file_key` names an existing file (or
// directory); `extra` reads the target's other backup keys.
void read_file_backup(MapReader& top, const Node& root, const char* file_key, const char* what,
                      std::string& file, DrillSpec& spec, DiagnosticList& diags,
                      const std::function<void(MapReader&)>& extra = {}) {
  const Node* backup_node = top.get("backup");
  if (backup_node) {
    MapReader k(*backup_node, diags);
    BackupSpec& b = spec.backup;
    b.loc = backup_node->loc();
    if (const Node* n = k.get("take")) b.take = read_bool(*n, diags).value_or(b.take);
    if (const Node* n = k.get(file_key)) file = read_path(*n, diags).value_or("");
    if (const Node* n = k.get("loss_after")) {
      b.loss_after_s = read_duration(*n, "loss_after", 0, 3600, diags).value_or(b.loss_after_s);
    }
    if (extra) extra(k);
  }
  if (!spec.backup.take && file.empty()) {
    diags.error(
        backup_node ? backup_node->loc() : root.loc(),
        std::string("an existing ") + to_string(spec.target) + " backup needs '" + file_key + "'",
        {std::string("point it at ") + what + ", or set 'take: true'"});
  }
  if (spec.backup.take && !file.empty()) {
    diags.error(backup_node->loc(),
                std::string("'") + file_key + "' is an existing backup: drsim takes none then",
                {std::string("add 'take: false', or remove '") + file_key + "'"});
  }
}

// The scratch section of a server target: where its run directory goes, its binaries, how long
// to keep the restored server up, and (`os_user`) the OS user the server runs as.
void read_server_scratch(MapReader& top, DrillSpec& spec, DiagnosticList& diags,
                         bool os_user = false) {
  if (const Node* sc = top.get("scratch")) {
    MapReader k(*sc, diags);
    ScratchSpec& s = spec.scratch;
    s.loc = sc->loc();
    if (const Node* n = k.get("dir")) s.dir = read_path(*n, diags).value_or(s.dir);
    if (const Node* n = k.get("bin_dir")) s.bin_dir = read_path(*n, diags).value_or(s.bin_dir);
    if (const Node* n = k.get("keep_for")) {
      s.keep_for_s = read_duration(*n, "keep_for", 0, 86400, diags).value_or(s.keep_for_s);
    }
    if (const Node* n = os_user ? k.get("os_user") : nullptr) {
      s.os_user = read_name(*n, diags).value_or(s.os_user);
    }
  }
}

// A heartbeat that writes a key (`key` is its default).
void read_key_heartbeat(MapReader& top, const std::string& key, DrillSpec& spec,
                        DiagnosticList& diags) {
  HeartbeatSpec& h = spec.heartbeat;
  h.key = key;
  read_heartbeat(top, spec, diags, [&](MapReader& k) {
    if (const Node* n = k.get("key")) h.key = read_key(*n, diags).value_or(h.key);
  });
}

// The verify section of a key-value target: only probes, each read by `reads`.
void read_probe_verify(MapReader& top, DrillSpec& spec, DiagnosticList& diags,
                       const std::function<void(MapReader&, ProbeSpec&)>& reads,
                       const std::function<void(MapReader&)>& extra = {}) {
  if (const Node* v = top.get("verify")) {
    MapReader k(*v, diags);
    if (const Node* ps = k.get("probes")) read_probes(*ps, spec.verify, diags, reads);
    if (extra) extra(k);
  }
}

// A server reached at host:port (`address`) or on a Unix socket (`socket`): one of them.
void read_address_or_socket(MapReader& k, const Node& src, const std::string& example,
                            DrillSpec& spec, DiagnosticList& diags) {
  const Node* address = k.get("address");
  const Node* socket = k.get("socket");
  if (address) spec.source.address = read_host_port(*address, diags);
  if (socket) spec.source.socket = read_path(*socket, diags).value_or("");
  if (address && socket) {
    diags.error(socket->loc(), "give either 'address' or 'socket', not both",
                {"remove one of them"});
  } else if (!address && !socket) {
    diags.error(src.loc(), "the source needs 'address' or 'socket'",
                {"add e.g. 'address: " + example + "'"});
  }
}

// The sections of a Redis drill (docs/drill-format.md "Redis"): source, backup, scratch,
// heartbeat, verify.
void read_redis_sections(MapReader& top, const Node& root, DrillSpec& spec, DiagnosticList& diags) {
  spec.scratch.bin_dir = "/usr/bin";
  if (const Node* src = top.need("source", "{address: '127.0.0.1:6379'}")) {
    MapReader k(*src, diags);
    spec.source.loc = src->loc();
    read_address_or_socket(k, *src, "127.0.0.1:6379", spec, diags);
    read_password(k, spec.source.password, diags);
  }
  if (spec.method == Method::kAof) {
    // drsim cannot take an AOF: it copies one (the source's own appendonlydir, or a copy).
    spec.backup.take = false;
    read_file_backup(top, root, "aof_dir", "an appendonlydir (the source's, or a copy of it)",
                     spec.backup.aof_dir, spec, diags);
    if (spec.backup.take) {
      diags.error(spec.backup.loc, "drsim cannot take an AOF: it copies 'aof_dir'",
                  {"remove 'take: true'"});
    }
  } else {
    read_file_backup(top, root, "rdb_file", "an RDB snapshot (dump.rdb)", spec.backup.rdb_file,
                     spec, diags);
  }
  read_server_scratch(top, spec, diags);
  read_key_heartbeat(top, "drsim:heartbeat", spec, diags);
  read_probe_verify(
      top, spec, diags,
      [&](MapReader& pk, ProbeSpec& probe) {
        if (const Node* n = pk.need("command", "[GET, config:version]")) {
          probe.command = read_strings(*n, diags);
          if (n->is_sequence() && probe.command.empty()) {
            diags.error(n->loc(), "the probe's command is empty",
                        {"write the command and its arguments, e.g. [GET, config:version]"});
          }
        }
      },
      [&](MapReader& k) {
        if (const Node* n = k.get("sample")) {
          spec.verify.sample = static_cast<int>(
              model::read_int(*n, "sample", 0, 10000, diags).value_or(spec.verify.sample));
        }
      });
}

// The sections of an etcd drill (docs/drill-format.md "etcd"): source, backup, scratch,
// heartbeat, verify.
void read_etcd_sections(MapReader& top, const Node& root, DrillSpec& spec, DiagnosticList& diags) {
  spec.scratch.bin_dir = "/usr/bin";
  if (const Node* src = top.need("source", "{endpoint: '127.0.0.1:2379'}")) {
    MapReader k(*src, diags);
    spec.source.loc = src->loc();
    if (const Node* n = k.need("endpoint", "'127.0.0.1:2379'")) {
      spec.source.address = read_host_port(*n, diags);
    }
    if (const Node* n = k.get("user")) spec.source.user = read_name(*n, diags).value_or("");
    read_password(k, spec.source.password, diags);
    const bool password = !spec.source.password.env.empty() || !spec.source.password.file.empty();
    if (password && spec.source.user.empty()) {
      diags.error(src->loc(), "a password needs the user it belongs to",
                  {"add e.g. 'user: drill'"});
    }
    if (const Node* t = k.get("tls")) {
      MapReader tk(*t, diags);
      TlsSpec& tls = spec.source.tls;
      if (const Node* n = tk.need("ca_file", "/etc/etcd/ca.crt")) {
        tls.ca_file = read_path(*n, diags).value_or("");
      }
      const Node* cert = tk.get("cert_file");
      const Node* key = tk.get("key_file");
      if (cert) tls.cert_file = read_path(*cert, diags).value_or("");
      if (key) tls.key_file = read_path(*key, diags).value_or("");
      if ((cert == nullptr) != (key == nullptr)) {
        diags.error(t->loc(), "a client certificate needs both 'cert_file' and 'key_file'",
                    {"give both, or neither (no client certificate)"});
      }
    }
  }
  read_file_backup(top, root, "snapshot_file", "a file of 'etcdctl snapshot save'",
                   spec.backup.snapshot_file, spec, diags);
  read_server_scratch(top, spec, diags);
  read_key_heartbeat(top, "drsim/heartbeat", spec, diags);
  read_probe_verify(top, spec, diags, [&](MapReader& pk, ProbeSpec& probe) {
    if (const Node* n = pk.need("key", "/config/version")) {
      probe.key = read_string(*n, diags).value_or("");
    }
  });
}

// A MariaDB database name: letters, digits, '_' and '$' (it is quoted with backticks in SQL).
bool plain_mariadb_name(const std::string& s) {
  return !s.empty() && s.size() <= 64 && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$';
  });
}

std::optional<std::string> read_mariadb_database(const Node& n, DiagnosticList& diags) {
  auto text = read_string(n, diags);
  if (text && !plain_mariadb_name(*text)) {
    diags.error(n.loc(), "database name " + describe(n) + " is not a plain name",
                {"use letters, digits, '_' and '$' only, at most 64 characters"});
    return std::nullopt;
  }
  return text;
}

// `database.table`, both plain names.
std::optional<std::string> read_mariadb_table(const Node& n, DiagnosticList& diags) {
  auto text = read_string(n, diags);
  if (!text) return std::nullopt;
  const auto dot = text->find('.');
  if (dot == std::string::npos || !plain_mariadb_name(text->substr(0, dot)) ||
      !plain_mariadb_name(text->substr(dot + 1))) {
    diags.error(n.loc(), "table " + describe(n) + " is not database.table",
                {"write e.g. 'shop.orders': plain names of letters, digits, '_' and '$'"});
    return std::nullopt;
  }
  return text;
}

// A recovery target time, 'YYYY-MM-DD HH:MM:SS' in UTC ("" when refused).
std::string read_target_time(const Node& t, DiagnosticList& diags) {
  static const std::regex kTime(R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)");
  auto text = read_string(t, diags);
  if (text && !std::regex_match(*text, kTime)) {
    diags.error(t.loc(), "target time " + describe(t) + " is not 'YYYY-MM-DD HH:MM:SS'",
                {"write the time in UTC, e.g. '2026-11-22 03:00:00'"});
    return "";
  }
  return text.value_or("");
}

// An S3 bucket name: 3 to 63 lowercase letters, digits, '.' and '-', starting and ending with a
// letter or digit.
std::string read_bucket(const Node& n, DiagnosticList& diags) {
  std::string text = read_string(n, diags).value_or("");
  const auto alnum = [](char c) {
    return std::islower(static_cast<unsigned char>(c)) ||
           std::isdigit(static_cast<unsigned char>(c));
  };
  if (n.is_scalar() && (text.size() < 3 || text.size() > 63 || !alnum(text.front()) ||
                        !alnum(text.back()) || !std::all_of(text.begin(), text.end(), [&](char c) {
                          return alnum(c) || c == '.' || c == '-';
                        }))) {
    diags.error(n.loc(), "bucket name " + describe(n) + " is not a valid S3 bucket name",
                {"use 3 to 63 lowercase letters, digits, '.' and '-', starting and ending with a "
                 "letter or digit"});
  }
  return text;
}

// An object key or key prefix drsim puts in URLs: letters, digits and - _ . ~ / only.
std::string read_object_key(const Node& n, const std::string& what, bool may_be_empty,
                            DiagnosticList& diags) {
  std::string text = read_string(n, diags).value_or("");
  if (n.is_scalar() &&
      ((!may_be_empty && text.empty()) || text.size() > 512 ||
       (!text.empty() && text.front() == '/') || !std::all_of(text.begin(), text.end(), [](char c) {
         return std::isalnum(static_cast<unsigned char>(c)) ||
                std::string_view("-_.~/").find(c) != std::string_view::npos;
       }))) {
    diags.error(n.loc(), what + " " + describe(n) + " is not a plain object key",
                {"use letters, digits and - _ . ~ / only, not starting with '/', e.g. 'app/'"});
  }
  return text;
}

// The sections of an S3 drill (docs/drill-format.md "S3 object store"): source, backup (copy),
// recovery (versions), scratch, heartbeat, verify.
void read_s3_sections(MapReader& top, const Node& root, DrillSpec& spec, DiagnosticList& diags) {
  SourceSpec& src = spec.source;
  if (const Node* s = top.need("source", "{endpoint: '127.0.0.1:8080', bucket: app-data}")) {
    MapReader k(*s, diags);
    src.loc = s->loc();
    if (const Node* n = k.need("endpoint", "'127.0.0.1:8080'")) {
      src.address = read_host_port(*n, diags);
    }
    if (const Node* n = k.get("tls")) src.https = read_bool(*n, diags).value_or(false);
    if (const Node* n = k.get("region")) {
      src.region = read_name(*n, diags).value_or(src.region);
    }
    if (const Node* n = k.need("bucket", "app-data")) src.bucket = read_bucket(*n, diags);
    if (const Node* n = k.get("prefix")) src.prefix = read_object_key(*n, "prefix", true, diags);
    read_secret(k, "access_key", src.access_key, diags);
    read_secret(k, "secret_key", src.password, diags);
    for (const auto& [name, secret] :
         {std::pair<std::string, const PasswordSource*>{"access_key", &src.access_key},
          {"secret_key", &src.password}}) {
      if (secret->env.empty() && secret->file.empty() && k.ok()) {
        diags.error(
            s->loc(), "the source needs '" + name + "_env' or '" + name + "_file'",
            {"name where drsim reads the " + name.substr(0, name.find('_')) + " key, e.g. '" +
             name + "_env: S3_" + (name == "access_key" ? "ACCESS_KEY" : "SECRET_KEY") +
             "'; credentials never go into the drill file"});
      }
    }
  }
  const Node* backup = top.get("backup");
  if (spec.method == Method::kCopy) {
    if (!backup) {
      diags.error(root.loc(), "method copy restores from a secondary bucket: 'backup' is missing",
                  {"add e.g. 'backup: {bucket: app-data-replica}'"});
    } else {
      MapReader k(*backup, diags);
      spec.backup.loc = backup->loc();
      spec.backup.prefix = src.prefix;
      if (const Node* n = k.need("bucket", "app-data-replica")) {
        spec.backup.bucket = read_bucket(*n, diags);
      }
      if (const Node* n = k.get("prefix")) {
        spec.backup.prefix = read_object_key(*n, "prefix", true, diags);
      }
      if (!spec.backup.bucket.empty() && spec.backup.bucket == src.bucket &&
          spec.backup.prefix == src.prefix) {
        diags.error(backup->loc(), "the secondary copy is the source itself",
                    {"name the bucket (or prefix) that holds the copy"});
      }
    }
  } else if (backup) {
    diags.error(backup->loc(), "method versions restores from the source bucket's versions",
                {"remove 'backup', or use 'method: copy' to restore from a secondary bucket"});
  }
  if (const Node* rec = top.get("recovery")) {
    MapReader k(*rec, diags);
    if (const Node* t = k.get("target_time")) {
      spec.recovery.target_time = read_target_time(*t, diags);
      if (spec.method == Method::kCopy) {
        diags.error(t->loc(), "method copy restores the secondary bucket as it is",
                    {"remove 'target_time', or use 'method: versions' to restore to a time"});
      }
    }
  }
  read_server_scratch(top, spec, diags);
  read_key_heartbeat(top, "drsim-heartbeat", spec, diags);
  if (spec.heartbeat.enabled && !spec.recovery.target_time.empty()) {
    diags.error(top.node().loc(),
                "a heartbeat measures the data lost at the declared loss, not at a target time",
                {"remove 'heartbeat' (the RPO is then the target time's age at the loss), or "
                 "'recovery.target_time'"});
  }
  read_probe_verify(top, spec, diags, [&](MapReader& pk, ProbeSpec& probe) {
    if (const Node* n = pk.need("key", "config/version.txt")) {
      probe.key = read_object_key(*n, "key", false, diags);
    }
  });
}

// The sections of a MariaDB drill (docs/drill-format.md "MariaDB"): source, backup, recovery,
// scratch, heartbeat, verify.
void read_mariadb_sections(MapReader& top, const Node& root, DrillSpec& spec,
                           DiagnosticList& diags) {
  spec.scratch.bin_dir = "/usr/bin";
  spec.scratch.os_user = "mysql";
  spec.heartbeat.table = "drsim.drsim_heartbeat";
  if (const Node* src = top.need("source", "{address: '127.0.0.1:3306', user: drill}")) {
    MapReader k(*src, diags);
    spec.source.loc = src->loc();
    read_address_or_socket(k, *src, "127.0.0.1:3306", spec, diags);
    if (const Node* n = k.need("user", "drill")) {
      spec.source.user = read_name(*n, diags).value_or("");
    }
    read_password(k, spec.source.password, diags);
    if (const Node* n = k.get("datadir")) spec.source.datadir = read_path(*n, diags).value_or("");
  }
  const bool failover = spec.method == Method::kFailover;
  const bool physical = spec.method == Method::kPhysical || failover;  // mariabackup
  if (failover && spec.source.address.empty() && !spec.source.socket.empty()) {
    diags.error(spec.source.loc, "a failover drill's replica reaches the source over TCP",
                {"give the source's 'address' (host:port) instead of 'socket'"});
  }
  BackupSpec& b = spec.backup;
  read_file_backup(top, root, physical ? "backup_dir" : "dump_file",
                   physical ? "a directory of 'mariabackup --backup'" : "a file of 'mariadb-dump'",
                   physical ? b.backup_dir : b.dump_file, spec, diags, [&](MapReader& k) {
                     if (const Node* n = k.get("binlog_dir"))
                       b.binlog_dir = read_path(*n, diags).value_or("");
                     if (const Node* n = physical ? nullptr : k.get("databases")) {
                       if (expect_list(*n, diags)) {
                         for (const auto& item : n->items) {
                           if (auto db = read_mariadb_database(item, diags))
                             b.databases.push_back(*db);
                         }
                       }
                     }
                   });
  if (failover && !b.take) {
    diags.error(b.loc, "a failover drill always builds its own replica", {"remove 'take: false'"});
  }
  if (failover && !b.binlog_dir.empty()) {
    diags.error(b.loc, "a failover drill's replica replicates: it replays no 'binlog_dir'",
                {"remove 'binlog_dir'"});
  }
  if (const Node* rec = top.get("recovery")) {
    MapReader k(*rec, diags);
    if (const Node* t = k.get("target_time"); t && failover) {
      diags.error(t->loc(), "a failover drill promotes its replica as it is: it has no target time",
                  {"remove 'target_time', or drill method physical with 'binlog_dir'"});
    } else if (t) {
      spec.recovery.target_time = read_target_time(*t, diags);
      if (!spec.recovery.target_time.empty() && b.binlog_dir.empty()) {
        diags.error(t->loc(), "a target time needs the binary logs to replay",
                    {"add 'backup: {binlog_dir: /var/lib/mysql}' (where the source's binary "
                     "logs, or copies of them, are)"});
      }
    }
  }
  read_server_scratch(top, spec, diags, true);
  HeartbeatSpec& h = spec.heartbeat;
  read_heartbeat(top, spec, diags, [&](MapReader& k) {
    if (const Node* n = k.get("table")) h.table = read_mariadb_table(*n, diags).value_or(h.table);
  });
  if (h.enabled && !b.databases.empty()) {
    const std::string db = h.table.substr(0, h.table.find('.'));
    if (std::find(b.databases.begin(), b.databases.end(), db) == b.databases.end()) {
      diags.error(b.loc, "the dump leaves out the heartbeat's database '" + db + "'",
                  {"add '" + db + "' to 'databases', or move the heartbeat: 'heartbeat: {table: " +
                   b.databases.front() + ".drsim_heartbeat}'"});
    }
  }
  if (const Node* v = top.get("verify")) {
    MapReader k(*v, diags);
    VerifySpec& vs = spec.verify;
    if (const Node* n = k.get("level")) {
      static const EnumTable<VerifyLevel> kLevels{{"quick", VerifyLevel::kQuick},
                                                  {"standard", VerifyLevel::kStandard}};
      vs.level = read_enum(*n, "verification level", kLevels, diags).value_or(vs.level);
    }
    if (const Node* n = k.get("compare_tables")) {
      vs.compare_tables = read_bool(*n, diags).value_or(vs.compare_tables);
    }
    if (const Node* t = k.get("tables"); t && expect_list(*t, diags)) {
      for (const auto& item : t->items) {
        if (auto name = read_mariadb_table(item, diags)) vs.tables.push_back(*name);
      }
    }
    if (const Node* ps = k.get("probes")) {
      read_probes(*ps, vs, diags, [&](MapReader& pk, ProbeSpec& probe) {
        if (const Node* n = pk.get("database")) {
          probe.database = read_mariadb_database(*n, diags).value_or("");
        }
        if (const Node* n = pk.need("sql", "'select count(*) > 0 from shop.orders'")) {
          probe.sql = read_string(*n, diags).value_or("");
        }
      });
    }
  }
}

}  // namespace

const char* to_string(VerifyLevel l) {
  switch (l) {
    case VerifyLevel::kQuick:
      return "quick";
    case VerifyLevel::kStandard:
      return "standard";
    case VerifyLevel::kThorough:
      return "thorough";
  }
  return "standard";
}

const char* to_string(Target t) {
  switch (t) {
    case Target::kRedis:
      return "redis";
    case Target::kEtcd:
      return "etcd";
    case Target::kMariadb:
      return "mariadb";
    case Target::kS3:
      return "s3";
    case Target::kPostgresql:
      break;
  }
  return "postgresql";
}

const char* to_string(Method m) {
  switch (m) {
    case Method::kRdb:
      return "rdb";
    case Method::kSnapshot:
      return "snapshot";
    case Method::kPhysical:
      return "physical";
    case Method::kAof:
      return "aof";
    case Method::kVersions:
      return "versions";
    case Method::kCopy:
      return "copy";
    case Method::kPitr:
      return "pitr";
    case Method::kLogical:
      return "logical";
    case Method::kFailover:
      return "failover";
  }
  return "?";
}

std::string format_interval(double seconds) {
  if (seconds < 1) return std::to_string(static_cast<int>(seconds * 1000 + 0.5)) + " ms";
  return units::format_duration(seconds);
}

const std::vector<std::string>& known_steps(Target target) {
  static const std::vector<std::string> redis{
      "preflight",     "heartbeat",     "backup",          "declare_loss", "restore",
      "verify_backup", "start_server",  "answers_queries", "writable",     "measure_rpo",
      "verify_keys",   "sample_values", "probes",          "hold",         "cleanup"};
  static const std::vector<std::string> etcd{
      "preflight",    "heartbeat",       "backup",   "declare_loss", "verify_backup", "restore",
      "start_server", "answers_queries", "writable", "measure_rpo",  "verify_keys",   "probes",
      "hold",         "cleanup"};
  static const std::vector<std::string> mariadb{
      "preflight",       "heartbeat",    "backup",      "verify_backup", "provision",
      "reference",       "declare_loss", "restore",     "start_server",  "replay_binlogs",
      "answers_queries", "writable",     "measure_rpo", "catch_up",      "verify_tables",
      "check_tables",    "probes",       "promote",     "hold",          "cleanup"};
  static const std::vector<std::string> s3{
      "preflight", "heartbeat", "declare_loss", "list",           "create_bucket",
      "restore",   "writable",  "measure_rpo",  "verify_objects", "check_content",
      "probes",    "hold",      "cleanup"};
  if (target == Target::kS3) return s3;
  if (target == Target::kMariadb) return mariadb;
  if (target == Target::kRedis) return redis;
  if (target == Target::kEtcd) return etcd;
  static const std::vector<std::string> steps{
      "preflight", "heartbeat",      "backup",       "verify_backup",       "provision",
      "catch_up",  "reference",      "declare_loss", "check_archive",       "copy_base",
      "flush",     "configure",      "start_server", "answers_queries",     "writable",
      "restore",   "check_recovery", "verify_role",  "measure_rpo",         "verify_tables",
      "amcheck",   "probes",         "old_primary",  "old_primary_returns", "promoted_writes",
      "rewind",    "resync",         "switchover",   "failback_writable",   "verify_failback",
      "hold",      "cleanup"};
  return steps;
}

double DrillSpec::timeout_for(const std::string& step) const {
  auto it = step_timeouts_s.find(step);
  return it == step_timeouts_s.end() ? default_timeout_s : it->second;
}

DrillSpec load_drill(const std::string& path) {
  std::string bytes;
  Node root = load_document(path, bytes);
  return load_drill(root, path, bytes);
}

DrillSpec load_drill(const Node& root, const std::string& path, const std::string& bytes) {
  DiagnosticList diags;
  DrillSpec spec;
  spec.file = path;
  spec.checksum = model::file_checksum(bytes);
  MapReader top(root, diags);
  if (!top.ok()) diags.throw_if_errors();

  if (const Node* n = top.need("drill", "orders-db-pitr")) {
    if (auto name = read_string(*n, diags)) {
      spec.name = *name;
      bool ok = std::all_of(spec.name.begin(), spec.name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
      });
      if (!ok || spec.name.size() > 64) {
        diags.error(n->loc(), "drill name " + describe(*n) + " is not a plain name",
                    {"use letters, digits, '-', '_' and '.' only, at most 64 characters"});
      }
    }
  }
  if (const Node* n = top.get("description")) {
    spec.description = read_string(*n, diags).value_or("");
  }
  if (const Node* n = top.get("service")) spec.service = read_string(*n, diags).value_or("");
  if (spec.service.empty()) spec.service = spec.name;
  if (const Node* n = top.get("target")) {
    static const EnumTable<Target> kTargets{{"postgresql", Target::kPostgresql},
                                            {"redis", Target::kRedis},
                                            {"etcd", Target::kEtcd},
                                            {"mariadb", Target::kMariadb},
                                            {"s3", Target::kS3}};
    spec.target = read_enum(*n, "target", kTargets, diags).value_or(spec.target);
  }
  static const EnumTable<Method> kPostgresql{
      {"pitr", Method::kPitr}, {"logical", Method::kLogical}, {"failover", Method::kFailover}};
  static const EnumTable<Method> kRedis{{"rdb", Method::kRdb}, {"aof", Method::kAof}};
  static const EnumTable<Method> kEtcd{{"snapshot", Method::kSnapshot}};
  static const EnumTable<Method> kMariadb{{"physical", Method::kPhysical},
                                          {"logical", Method::kLogical},
                                          {"failover", Method::kFailover}};
  static const EnumTable<Method> kS3{{"versions", Method::kVersions}, {"copy", Method::kCopy}};
  const EnumTable<Method>& methods = spec.target == Target::kRedis     ? kRedis
                                     : spec.target == Target::kEtcd    ? kEtcd
                                     : spec.target == Target::kMariadb ? kMariadb
                                     : spec.target == Target::kS3      ? kS3
                                                                       : kPostgresql;
  std::optional<Method> method;
  if (const Node* n = top.need("method", methods.front().first)) {
    method = read_enum(*n, std::string(to_string(spec.target)) + " method", methods, diags);
  }
  spec.method = method.value_or(methods.front().second);
  switch (spec.target) {
    case Target::kRedis:
      read_redis_sections(top, root, spec, diags);
      break;
    case Target::kEtcd:
      read_etcd_sections(top, root, spec, diags);
      break;
    case Target::kMariadb:
      read_mariadb_sections(top, root, spec, diags);
      break;
    case Target::kS3:
      read_s3_sections(top, root, spec, diags);
      break;
    case Target::kPostgresql:
      read_postgresql_sections(top, root, method, spec, diags);
      break;
  }

  // objectives
  if (const Node* o = top.get("objectives")) {
    MapReader k(*o, diags);
    const double max = 365 * 86400.0;
    if (const Node* n = k.get("rto")) {
      spec.objectives.rto_s = read_duration(*n, "rto", 0, max, diags);
    }
    if (const Node* n = k.get("rpo")) {
      spec.objectives.rpo_s = read_duration(*n, "rpo", 0, max, diags);
    }
  }

  if (const Node* n = top.get("max_age")) {
    spec.max_age_s = read_duration(*n, "max_age", 60, units::kMaxSimulatedSeconds, diags);
  }

  // timeouts
  if (const Node* t = top.get("timeouts"); t && expect_mapping(*t, diags)) {
    const auto& steps = known_steps(spec.target);
    for (const auto& e : t->entries) {
      auto d = read_duration(e.value, "timeout", 1, 7 * 86400.0, diags);
      if (e.key == "default") {
        spec.default_timeout_s = d.value_or(spec.default_timeout_s);
        continue;
      }
      if (std::find(steps.begin(), steps.end(), e.key) == steps.end()) {
        std::vector<std::string> hints;
        std::string guess = did_you_mean(e.key, steps);
        if (!guess.empty()) hints.push_back("did you mean '" + guess + "'?");
        std::string list = "default";
        for (const auto& s : steps) list += ", " + s;
        hints.push_back("steps with timeouts: " + list);
        diags.error(e.key_loc(), "unknown step '" + e.key + "'", hints);
        continue;
      }
      if (d) spec.step_timeouts_s[e.key] = *d;
    }
  }
  top.finish();
  diags.throw_if_errors();
  return spec;
}

}  // namespace drsim::drills
