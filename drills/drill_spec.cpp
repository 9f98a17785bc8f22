#include "drills/drill_spec.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <functional>
#include <set>
#include <string_view>

#include "model/diagnostic.hpp"
#include "model/errors.hpp"
#include "model/units.hpp"

namespace drsim::drills {
namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string describe(const Node& n) {
  if (!n.is_scalar()) return n.kind_name();
  std::string s = n.scalar.size() > 40 ? n.scalar.substr(0, 40) + "..." : n.scalar;
  return "'" + s + "'";
}

// Reads the keys of one mapping; finish() reports keys nobody asked for, with a did-you-mean.
class Keys {
 public:
  Keys(const Node* node, DiagnosticList& diags) : node_(node), diags_(diags) {
    if (node_ && !node_->is_mapping() && !node_->is_null()) {
      diags_.error(node_->loc, "expected a mapping, got " + node_->kind_name());
      node_ = nullptr;
    }
    if (node_ && node_->is_null()) node_ = nullptr;
  }
  const Node* get(const char* key) {
    known_.emplace_back(key);
    if (!node_) return nullptr;
    const Node* v = node_->find(key);
    return v && !v->is_null() ? v : nullptr;
  }
  const Node* need(const char* key, const char* example) {
    const Node* v = get(key);
    if (!v && node_) {
      diags_.error(node_->loc, std::string("missing required key '") + key + "'",
                   {std::string("add it, e.g. '") + key + ": " + example + "'"});
    }
    return v;
  }
  void finish() {
    if (!node_) return;
    for (const auto& e : node_->entries) {
      if (std::find(known_.begin(), known_.end(), e.key) != known_.end()) continue;
      std::vector<std::string> hints;
      std::string guess = did_you_mean(e.key, known_);
      if (!guess.empty()) hints.push_back("did you mean '" + guess + "'?");
      hints.push_back("allowed keys here: " + join(known_));
      diags_.error(e.key_loc, "unknown key '" + e.key + "'", hints);
    }
  }
  const Node* node() const { return node_; }

 private:
  const Node* node_;
  DiagnosticList& diags_;
  std::vector<std::string> known_;
};

bool read_string(const Node* n, std::string& out, DiagnosticList& diags) {
  if (!n) return false;
  if (!n->is_scalar() || n->scalar.empty()) {
    diags.error(n->loc, "expected a non-empty string, got " + describe(*n));
    return false;
  }
  out = n->scalar;
  return true;
}

// Characters a path may hold. Paths reach pg_ctl (which starts the server through /bin/sh -c),
// restore_command (a shell command with %-escapes) and configuration files: anything a shell,
// restore_command or a quoted setting would interpret is refused rather than escaped.
bool path_char_ok(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("/._-+,@:=~").find(c) != std::string_view::npos;
}

void read_path(const Node* n, std::string& out, DiagnosticList& diags) {
  std::string text;
  if (!read_string(n, text, diags)) return;
  out = text;  // kept even when refused, so no "missing" error follows the real one
  std::vector<std::string> bad;
  for (char c : text) {
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
    diags.error(n->loc, "path has characters drsim does not pass on: " + list,
                {"paths reach /bin/sh (pg_ctl, restore_command): use letters, digits and "
                 "/ . _ - + , @ : = ~ only"});
  }
}

// OS users and roles reach runuser's argv and connection strings: plain names only.
void read_name(const Node* n, std::string& out, DiagnosticList& diags) {
  std::string text;
  if (!read_string(n, text, diags)) return;
  bool ok = std::all_of(text.begin(), text.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) ||
           std::isdigit(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
  if (!ok) {
    diags.error(n->loc, "name " + describe(*n) + " is not a plain name",
                {"use lowercase letters, digits, '_' and '-'"});
    return;
  }
  out = text;
}

void read_bool(const Node* n, bool& out, DiagnosticList& diags) {
  if (!n) return;
  if (n->is_scalar() && !n->quoted && (n->scalar == "true" || n->scalar == "false")) {
    out = n->scalar == "true";
    return;
  }
  diags.error(n->loc, "expected true or false, got " + describe(*n));
}

std::optional<double> read_duration(const Node* n, double lo, double hi, DiagnosticList& diags) {
  if (!n) return std::nullopt;
  if (!n->is_scalar()) {
    diags.error(n->loc, "expected a duration such as '30 s', got " + describe(*n));
    return std::nullopt;
  }
  auto p = units::parse_duration(n->scalar);
  if (!p.ok) {
    diags.error(n->loc, p.error, p.hints);
    return std::nullopt;
  }
  if (p.value < lo || p.value > hi) {
    diags.error(
        n->loc, "duration " + describe(*n) + " is out of range",
        {"allowed range is " + units::format_duration(lo) + " to " + units::format_duration(hi)});
    return std::nullopt;
  }
  return p.value;
}

template <typename E>
bool read_enum(const Node* n, const std::vector<std::pair<std::string, E>>& table, E& out,
               const std::string& what, DiagnosticList& diags) {
  if (!n) return false;
  std::vector<std::string> names;
  for (const auto& [k, v] : table) names.push_back(k);
  if (n->is_scalar()) {
    for (const auto& [k, v] : table) {
      if (n->scalar == k) {
        out = v;
        return true;
      }
    }
  }
  std::vector<std::string> hints;
  std::string guess = n->is_scalar() ? did_you_mean(n->scalar, names) : "";
  if (!guess.empty()) hints.push_back("did you mean '" + guess + "'?");
  hints.push_back("allowed values: " + join(names));
  diags.error(n->loc, "unknown " + what + " " + describe(*n), hints);
  return false;
}

void read_string_list(const Node* n, std::vector<std::string>& out, DiagnosticList& diags) {
  if (!n) return;
  if (!n->is_sequence()) {
    diags.error(n->loc, "expected a list, got " + describe(*n));
    return;
  }
  for (const auto& item : n->items) {
    std::string s;
    if (read_string(&item, s, diags)) out.push_back(s);
  }
}

// Connection strings must not carry a password: it would end up in files and process lists.
void check_conninfo(const Node* n, const std::string& text, DiagnosticList& diags) {
  std::string lower = text;
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
    diags.error(n->loc, "the connection string contains a password",
                {"remove it and name where to read it: 'password_env: PGPASSWORD_DRILL' or "
                 "'password_file: /run/secrets/pg'"});
  }
}

void read_password(Keys& keys, PasswordSource& out, DiagnosticList& diags) {
  const Node* env = keys.get("password_env");
  const Node* file = keys.get("password_file");
  read_string(env, out.env, diags);
  read_path(file, out.file, diags);
  if (env && file) {
    diags.error(file->loc, "give either 'password_env' or 'password_file', not both");
  }
}

std::string sha256_hex(const std::string& bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), md, &len, EVP_sha256(), nullptr);
  std::string hex;
  char buf[3];
  for (unsigned int i = 0; i < len; ++i) {
    std::snprintf(buf, sizeof buf, "%02x", md[i]);
    hex += buf;
  }
  return "sha256:" + hex;
}

bool valid_sql_identifier_path(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.')) return false;
  }
  return s.front() != '.' && s.back() != '.';
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

const char* to_string(Method m) {
  switch (m) {
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

const std::vector<std::string>& known_steps() {
  static const std::vector<std::string> steps{
      "preflight", "heartbeat",      "backup",       "verify_backup",   "provision",
      "catch_up",  "reference",      "declare_loss", "check_archive",   "copy_base",
      "flush",     "configure",      "start_server", "answers_queries", "writable",
      "restore",   "check_recovery", "verify_role",  "measure_rpo",     "verify_tables",
      "amcheck",   "probes",         "hold",         "cleanup"};
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
  spec.checksum = sha256_hex(bytes);
  Keys top(&root, diags);
  if (!top.node()) {
    if (root.is_null()) diags.error(root.loc, "expected a mapping, got null");
    diags.throw_if_errors();
  }

  if (const Node* n = top.need("drill", "orders-db-pitr")) {
    if (read_string(n, spec.name, diags)) {
      bool ok = std::all_of(spec.name.begin(), spec.name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
      });
      if (!ok || spec.name.size() > 64) {
        diags.error(n->loc, "drill name " + describe(*n) + " is not a plain name",
                    {"use letters, digits, '-', '_' and '.' only, at most 64 characters"});
      }
    }
  }
  read_string(top.get("description"), spec.description, diags);
  read_string(top.get("service"), spec.service, diags);
  if (spec.service.empty()) spec.service = spec.name;
  bool method_ok = read_enum<Method>(
      top.need("method", "pitr"),
      {{"pitr", Method::kPitr}, {"logical", Method::kLogical}, {"failover", Method::kFailover}},
      spec.method, "method", diags);

  // source
  if (const Node* src = top.need("source", "{conninfo: 'host=db1 user=drill dbname=app'}")) {
    Keys k(src, diags);
    spec.source.loc = src->loc;
    if (const Node* c = k.need("conninfo", "'host=db1 user=drill dbname=app'")) {
      if (read_string(c, spec.source.conninfo, diags)) {
        check_conninfo(c, spec.source.conninfo, diags);
      }
    }
    read_password(k, spec.source.password, diags);
    k.finish();
  }

  // backup
  const Node* backup_node = top.get("backup");
  {
    Keys k(backup_node, diags);
    if (backup_node) spec.backup.loc = backup_node->loc;
    read_bool(k.get("take"), spec.backup.take, diags);
    read_path(k.get("base_dir"), spec.backup.base_dir, diags);
    read_path(k.get("archive_dir"), spec.backup.archive_dir, diags);
    read_path(k.get("dump_file"), spec.backup.dump_file, diags);
    read_string(k.get("database"), spec.backup.database, diags);
    read_bool(k.get("fast_checkpoint"), spec.backup.fast_checkpoint, diags);
    if (auto d = read_duration(k.get("loss_after"), 0, 3600, diags)) spec.backup.loss_after_s = *d;
    k.finish();
  }
  SourceLoc backup_loc = backup_node ? backup_node->loc : root.loc;
  // Method-specific rules only make sense once the method is known.
  if (method_ok && spec.method == Method::kPitr && spec.backup.archive_dir.empty()) {
    diags.error(backup_loc, "a pitr drill needs the source's WAL archive directory",
                {"add it, e.g. 'backup: {archive_dir: /var/lib/postgresql/wal-archive}'"});
  }
  if (method_ok && spec.method == Method::kPitr && !spec.backup.take &&
      spec.backup.base_dir.empty()) {
    diags.error(backup_loc, "an existing pitr backup needs 'base_dir'",
                {"point it at a plain-format pg_basebackup directory, or set 'take: true'"});
  }
  if (method_ok && spec.method == Method::kLogical && !spec.backup.take &&
      spec.backup.dump_file.empty()) {
    diags.error(backup_loc, "an existing logical backup needs 'dump_file'",
                {"point it at a pg_dump -Fc file, or set 'take: true'"});
  }
  if (method_ok && spec.method == Method::kFailover && !spec.backup.take) {
    diags.error(backup_loc, "a failover drill always builds its own replica",
                {"remove 'take: false'"});
  }

  // recovery
  if (const Node* rec = top.get("recovery")) {
    Keys k(rec, diags);
    if (const Node* t = k.get("target_time")) {
      if (read_string(t, spec.recovery.target_time, diags) && spec.method != Method::kPitr) {
        diags.error(t->loc, "'target_time' applies to pitr drills only");
      }
      if (spec.recovery.target_time.find('\'') != std::string::npos) {
        diags.error(t->loc, "target time " + describe(*t) + " contains a quote",
                    {"write a timestamp, e.g. '2026-11-22 03:00:00+00'"});
      }
    }
    k.finish();
  }

  // scratch
  if (const Node* sc = top.get("scratch")) {
    Keys k(sc, diags);
    spec.scratch.loc = sc->loc;
    read_enum<ScratchKind>(
        k.get("kind"), {{"instance", ScratchKind::kInstance}, {"database", ScratchKind::kDatabase}},
        spec.scratch.kind, "scratch kind", diags);
    read_path(k.get("dir"), spec.scratch.dir, diags);
    read_path(k.get("data_dir"), spec.scratch.data_dir, diags);
    if (const Node* p = k.get("port")) {
      if (p->is_scalar() && p->scalar != "auto") {
        // Digits only: std::stol would also take a sign and leading blanks ("+5432", " 5432").
        const std::string& t = p->scalar;
        const bool digits =
            !t.empty() && t.size() <= 5 &&
            std::all_of(t.begin(), t.end(), [](unsigned char ch) { return std::isdigit(ch) != 0; });
        const long v = digits ? std::stol(t) : 0;
        if (digits && v >= 1024 && v <= 65535) {
          spec.scratch.port = static_cast<int>(v);
        } else {
          diags.error(p->loc, "port " + describe(*p) + " is not a usable port",
                      {"allowed range is 1024 to 65535, or 'auto'"});
        }
      } else if (!p->is_scalar()) {
        diags.error(p->loc, "expected a port number or 'auto', got " + describe(*p));
      }
    }
    read_name(k.get("os_user"), spec.scratch.os_user, diags);
    read_path(k.get("bin_dir"), spec.scratch.bin_dir, diags);
    read_name(k.get("user"), spec.scratch.user, diags);
    if (const Node* c = k.get("conninfo")) {
      if (read_string(c, spec.scratch.conninfo, diags)) {
        check_conninfo(c, spec.scratch.conninfo, diags);
      }
    }
    read_password(k, spec.scratch.password, diags);
    if (auto d = read_duration(k.get("keep_for"), 0, 86400, diags)) spec.scratch.keep_for_s = *d;
    read_bool(k.get("fsync"), spec.scratch.fsync, diags);
    k.finish();
    if (spec.scratch.kind == ScratchKind::kDatabase) {
      if (spec.method != Method::kLogical) {
        diags.error(sc->loc, "a scratch database works for logical drills only",
                    {"use 'kind: instance' (the default) for pitr and failover"});
      }
      if (spec.scratch.conninfo.empty()) {
        diags.error(sc->loc, "a scratch database needs the server to restore into",
                    {"add 'conninfo: \"host=scratch-db user=drill dbname=postgres\"'"});
      }
    }
  }

  // heartbeat
  if (const Node* hb = top.get("heartbeat")) {
    Keys k(hb, diags);
    spec.heartbeat.enabled = true;
    read_bool(k.get("enabled"), spec.heartbeat.enabled, diags);
    if (auto d = read_duration(k.get("interval"), 0.01, 60, diags)) spec.heartbeat.interval_s = *d;
    if (const Node* t = k.get("table")) {
      if (read_string(t, spec.heartbeat.table, diags) &&
          !valid_sql_identifier_path(spec.heartbeat.table)) {
        diags.error(t->loc, "table name " + describe(*t) + " is not a plain identifier",
                    {"use letters, digits and '_' (optionally schema.table)"});
      }
    }
    k.finish();
  }

  // verify
  if (const Node* v = top.get("verify")) {
    Keys k(v, diags);
    read_enum<VerifyLevel>(k.get("level"),
                           {{"quick", VerifyLevel::kQuick},
                            {"standard", VerifyLevel::kStandard},
                            {"thorough", VerifyLevel::kThorough}},
                           spec.verify.level, "verification level", diags);
    read_bool(k.get("compare_tables"), spec.verify.compare_tables, diags);
    read_bool(k.get("check_manifest"), spec.verify.check_manifest, diags);
    if (const Node* t = k.get("tables")) {
      if (t->is_scalar() && t->scalar == "all") {
      } else {
        read_string_list(t, spec.verify.tables, diags);
        // Check each item where it stands: read_string_list skipped the ones that are no string.
        for (const auto& item : t->items) {  // empty unless `t` is a sequence
          if (item.is_scalar() && !item.scalar.empty() && !valid_sql_identifier_path(item.scalar)) {
            diags.error(item.loc, "table name " + describe(item) + " is not a plain identifier",
                        {"use schema.table or table with letters, digits and '_'"});
          }
        }
      }
    }
    read_string_list(k.get("databases"), spec.verify.databases, diags);
    if (const Node* ps = k.get("probes")) {
      if (!ps->is_sequence()) {
        diags.error(ps->loc, "expected a list, got " + describe(*ps));
      } else {
        std::set<std::string> names;
        for (const auto& p : ps->items) {
          Keys pk(&p, diags);
          ProbeSpec probe;
          probe.loc = p.loc;
          read_string(pk.need("name", "orders-present"), probe.name, diags);
          read_string(pk.get("database"), probe.database, diags);
          read_string(pk.need("sql", "'select count(*) > 0 from orders'"), probe.sql, diags);
          if (const Node* e = pk.need("expect", "'t'")) {
            if (e->is_scalar())
              probe.expect = e->scalar;
            else
              diags.error(e->loc, "expected a scalar value, got " + describe(*e));
          }
          pk.finish();
          if (!probe.name.empty() && !names.insert(probe.name).second) {
            diags.error(p.loc, "probe name '" + probe.name + "' is used twice",
                        {"give every probe its own name"});
          }
          spec.verify.probes.push_back(probe);
        }
      }
    }
    if (const Node* fs = k.get("freshness")) {
      if (!fs->is_sequence()) {
        diags.error(fs->loc, "expected a list, got " + describe(*fs));
      } else {
        for (const auto& f : fs->items) {
          Keys fk(&f, diags);
          FreshnessSpec fr;
          fr.loc = f.loc;
          if (const Node* t = fk.need("table", "public.orders")) {
            if (read_string(t, fr.table, diags) && !valid_sql_identifier_path(fr.table)) {
              diags.error(t->loc, "table name " + describe(*t) + " is not a plain identifier");
            }
          }
          if (const Node* c = fk.need("column", "created_at")) {
            if (read_string(c, fr.column, diags) && !valid_sql_identifier_path(fr.column)) {
              diags.error(c->loc, "column name " + describe(*c) + " is not a plain identifier");
            }
          }
          if (auto d = read_duration(fk.need("within", "'5 min'"), 0, 365 * 86400.0, diags)) {
            fr.within_s = *d;
          }
          read_string(fk.get("database"), fr.database, diags);
          fk.finish();
          spec.verify.freshness.push_back(fr);
        }
      }
    }
    k.finish();
  }

  // objectives
  if (const Node* o = top.get("objectives")) {
    Keys k(o, diags);
    spec.objectives.rto_s = read_duration(k.get("rto"), 0, 365 * 86400.0, diags);
    spec.objectives.rpo_s = read_duration(k.get("rpo"), 0, 365 * 86400.0, diags);
    k.finish();
  }

  // timeouts
  if (const Node* t = top.get("timeouts")) {
    if (!t->is_mapping()) {
      diags.error(t->loc, "expected a mapping, got " + describe(*t));
    } else {
      for (const auto& e : t->entries) {
        auto d = read_duration(&e.value, 1, 7 * 86400.0, diags);
        if (e.key == "default") {
          if (d) spec.default_timeout_s = *d;
          continue;
        }
        const auto& steps = known_steps();
        if (std::find(steps.begin(), steps.end(), e.key) == steps.end()) {
          std::vector<std::string> hints;
          std::string guess = did_you_mean(e.key, steps);
          if (!guess.empty()) hints.push_back("did you mean '" + guess + "'?");
          hints.push_back("steps with timeouts: default, " + join(steps));
          diags.error(e.key_loc, "unknown step '" + e.key + "'", hints);
          continue;
        }
        if (d) spec.step_timeouts_s[e.key] = *d;
      }
    }
  }
  top.finish();
  diags.throw_if_errors();
  return spec;
}

}  // namespace drsim::drills
