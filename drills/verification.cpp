// Verification of a restore (docs/drill-format.md, "Verification"): the least-privileged role
// probes run as, the measured RPO, and the comparison with the references at the verification
// level the drill asks for (tables, then sequences, indexes, constraints, large objects and
// pg_amcheck from level standard, every database at level thorough).
#include <algorithm>
#include <set>
#include <sstream>

#include "drills/drill_context.hpp"
#include "drills/wal.hpp"
#include "model/units.hpp"

namespace drsim::drills {
namespace {

// Runs pg_amcheck as drsim's superuser on the restored instance (it needs the amcheck extension,
// which --install-missing creates in the restored copy only).
void amcheck(Context& c) {
  const auto& spec = c.spec;
  if (spec.verify.level == VerifyLevel::kQuick || c.servers.empty()) {
    c.journal.skip("amcheck", c.servers.empty()
                                  ? "the restore is a database on another server: not checked"
                                  : "verify.level quick: pg_amcheck not run");
    return;
  }
  c.step("amcheck", [&](StepLog& log) {
    ScratchServer& server = *c.servers.front();  // the restored server (a failback adds more)
    std::vector<std::string> args{"-h",
                                  server.socket_dir(),
                                  "-p",
                                  std::to_string(server.port()),
                                  "-U",
                                  spec.scratch.user,
                                  "--install-missing",
                                  "--heapallindexed",
                                  "--no-password"};
    if (spec.verify.level == VerifyLevel::kThorough) {
      args.insert(args.end(), {"--all", "--parent-check", "--rootdescend"});
    } else {
      for (const auto& db : c.verify_dbs) {
        args.insert(args.end(), {"-d", c.restored_target(db).dbname});
      }
    }
    auto r = server.tool("pg_amcheck", args, spec.timeout_for("amcheck"));
    log.output = r.output;
    if (r.timed_out) c.expect_ok(r, "amcheck", "pg_amcheck", false);
    std::string scope = spec.verify.level == VerifyLevel::kThorough
                            ? std::string("every database")
                            : std::to_string(c.verify_dbs.size()) + " database(s)";
    if (r.exit_code != 0) {
      std::string first;
      std::istringstream in(r.output);
      std::string line;
      while (std::getline(in, line) && first.empty()) {
        if (!line.empty()) first = line;
      }
      std::string reason = "pg_amcheck found corruption in the restore: " + first;
      c.findings.push_back(reason);
      log.detail = reason;
      return;
    }
    log.detail = "heap and btree (--heapallindexed) of " + scope + ": no corruption";
  });
}

// Databases the restored cluster holds that verification did not compare (physical restores).
std::vector<std::string> uncompared_databases(Context& c) {
  PgConn admin = PgConn::connect(c.admin_target("postgres"));
  std::vector<std::string> out;
  for (const auto& row : admin.query(
           "SELECT datname FROM pg_database WHERE datallowconn AND NOT datistemplate ORDER BY 1")) {
    std::string db = row.at(0).value_or("");
    if (std::find(c.verify_dbs.begin(), c.verify_dbs.end(), db) == c.verify_dbs.end()) {
      out.push_back(db);
    }
  }
  return out;
}

}  // namespace

// Verification reads a restored instance drsim owns through a role of its own with the least
// privilege: no superuser, read-only by default, every table readable (pg_read_all_data,
// BYPASSRLS so row-level security does not hide rows). A probe cannot write files, run programs
// or change the restored data through it.
void restrict_to_verify_role(Context& c) {
  c.step("verify_role", [&](StepLog& log) {
    std::string suffix = c.run->id().substr(c.run->id().rfind('-') + 1);
    std::string role = "drsim_verify_";
    for (char ch : suffix) {
      role += std::isalnum(static_cast<unsigned char>(ch))
                  ? static_cast<char>(std::tolower(static_cast<unsigned char>(ch)))
                  : '_';
    }
    PgConn admin = PgConn::connect(c.restored_target("postgres"));
    admin.exec("CREATE ROLE " + role +
               " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION BYPASSRLS "
               "IN ROLE pg_read_all_data");
    admin.exec("ALTER ROLE " + role + " SET default_transaction_read_only = on");
    for (const auto& row :
         admin.query("SELECT datname FROM pg_database WHERE datallowconn ORDER BY 1")) {
      admin.exec("GRANT CONNECT ON DATABASE " + quote_ident_path(row.at(0).value_or("")) + " TO " +
                 role);
    }
    // pg_read_all_data does not cover large objects: grant reading the restored ones.
    for (const auto& db : c.verify_dbs) {
      PgConn in_db = PgConn::connect(c.restored_target(db));
      in_db.exec(
          "DO $$DECLARE o oid; BEGIN FOR o IN SELECT oid FROM pg_largeobject_metadata LOOP "
          "EXECUTE format('GRANT SELECT ON LARGE OBJECT %s TO %I', o, '" +
          role + "'); END LOOP; END$$");
    }
    auto superuser = c.restored_target;
    c.admin_target = superuser;
    c.restored_target = [superuser, role](const std::string& db) {
      ConnTarget t = superuser(db);
      t.conninfo += " user='" + role + "'";  // the last user= wins
      return t;
    };
    log.detail = "verification runs as " + role +
                 " (no superuser, pg_read_all_data, BYPASSRLS, read-only transactions, SELECT on "
                 "large objects)";
  });
}

// Measured RPO: the last heartbeat committed on the source against the newest in the restore.
void measure_rpo(Context& c) {
  if (!c.spec.heartbeat.enabled) {
    c.journal.skip("measure_rpo", "no heartbeat configured: RPO not measured");
    return;
  }
  c.step("measure_rpo", [&](StepLog& log) {
    PgConn restored = PgConn::connect(c.restored_target(c.source_db));
    auto newest = newest_beat(restored, c.spec.heartbeat.table, c.run->id());
    if (!c.source_last_beat) {
      log.detail = "no heartbeat committed on the source";
      return;
    }
    if (!newest) {
      log.detail =
          "the restore holds no heartbeat of this run: no usable recovery point after "
          "the drill started";
      c.rpo_detail = "no heartbeat of this run in the restore";
      return;
    }
    // Stopped at a reference point, the restore holds less than a recovery to the end would: the
    // RPO counts the newest beat whose commit lies within the frozen archive (its WAL read to the
    // end) or within what the replica had received when it was promoted.
    std::optional<Beat> kept = newest;
    std::string where = "newest restored #" + std::to_string(newest->seq);
    if (c.reference_lsn) {
      // What the restore holds lies before the reference point, so within that WAL too.
      kept = c.heartbeat->newest_before(c.wal_end_lsn);
      if (!kept || kept->seq < newest->seq) kept = newest;
      const bool replica = c.spec.method == Method::kFailover;
      where = (replica ? "newest received by the replica #" : "newest in the frozen archive #") +
              std::to_string(kept->seq) + (replica ? " (received to " : " (read to ") +
              format_lsn(c.wal_end_lsn) + "; the " + (replica ? "promotion" : "restore") +
              " stopped at the reference point with #" + std::to_string(newest->seq) + ")";
    }
    double rpo = std::max(0.0, c.source_last_beat->at_epoch - kept->at_epoch);
    long long lost = c.source_last_beat->seq - kept->seq;
    c.rpo_s = rpo;
    c.rpo_detail = units::format_measured(rpo) + " (" + std::to_string(lost) +
                   " heartbeat transactions lost of " + std::to_string(c.source_last_beat->seq) +
                   ")";
    log.detail = "last heartbeat on the source #" + std::to_string(c.source_last_beat->seq) + ", " +
                 where + ": RPO " + c.rpo_detail;
  });
}

void verify_restore(Context& c) {
  // Every check runs even after one failed, so the journal holds all findings; the first failure
  // is rethrown at the end.
  std::optional<DrillFailure> first;
  auto keep_going = [&](const std::function<void()>& f) {
    try {
      f();
    } catch (const DrillFailure& e) {
      if (!first) first = e;
    }
  };
  const auto& spec = c.spec;
  double timeout = spec.timeout_for("verify_tables");
  bool physical = spec.method != Method::kLogical;
  if (c.compare_tables && !c.references.empty()) {
    keep_going([&] {
      c.step("verify_tables", [&](StepLog& log) {
        int tables = 0;
        std::vector<std::string> reasons, notes;
        std::string evidence;
        for (const auto& db : c.verify_dbs) {
          auto it = c.references.find(db);
          if (it == c.references.end()) continue;
          DbSnapshot reference;
          try {
            reference = it->second.get();
          } catch (const PgError& e) {
            // The source, not the restore, failed: an environment problem.
            throw EnvironmentError(
                std::string("reading the reference on the source failed: ") + e.what(),
                "check that the source role may read every compared table");
          }
          DbSnapshot restored;
          try {
            PgConn r = PgConn::connect(c.restored_target(db));
            CaptureOptions options{spec.verify.tables, spec.heartbeat.table, reference.structure,
                                   timeout, reference.roles_captured};
            restored = capture_snapshot(r, options, &reference);
          } catch (const PgError& e) {
            reasons.push_back(db + ": reading the restored tables failed: " + e.what());
            continue;
          }
          tables += static_cast<int>(reference.tables.size());
          auto rs = compare_snapshots(db, reference, restored, physical, notes);
          reasons.insert(reasons.end(), rs.begin(), rs.end());
          for (const auto& t : reference.tables) {
            nlohmann::ordered_json e{{"database", db},
                                     {"table", t.table},
                                     {"source_rows", t.rows},
                                     {"source_checksum", t.checksum}};
            for (const auto& r : restored.tables) {
              if (r.table != t.table) continue;
              e["restored_rows"] = r.rows;
              e["restored_checksum"] = r.checksum;
            }
            c.journal.add_evidence_item("tables", e);
          }
          evidence += describe_tables(db, reference);
        }
        c.references.clear();
        if (physical && c.admin_target) {
          auto others = uncompared_databases(c);
          if (!others.empty()) {
            std::string list;
            for (const auto& d : others) list += (list.empty() ? "" : ", ") + d;
            notes.push_back("databases restored but not compared: " + list +
                            " (verify.level thorough compares every database)");
          }
        }
        for (const auto& n : notes) c.journal.add_note(n);
        for (const auto& r : reasons) c.findings.push_back(r);
        log.output = evidence;
        log.detail =
            std::to_string(tables) + " tables compared with the source at the " +
            c.consistency_what + " (level " + to_string(spec.verify.level) + "): " +
            (reasons.empty() ? "all match" : std::to_string(reasons.size()) + " mismatches");
        if (!reasons.empty()) throw DrillFailure(reasons.front());
      });
    });
  } else {
    c.references.clear();
    c.journal.skip("verify_tables", c.compare_tables ? "no reference snapshot for this recovery "
                                                       "target (compare with probes instead)"
                                                     : "table comparison turned off");
  }
  keep_going([&] { amcheck(c); });
  if (!spec.verify.probes.empty() || !spec.verify.freshness.empty()) {
    keep_going([&] {
      c.step("probes", [&](StepLog& log) {
        std::vector<std::string> reasons;
        for (const auto& p : spec.verify.probes) {
          PgConn r =
              PgConn::connect(c.restored_target(p.database.empty() ? c.source_db : p.database));
          std::string reason = run_probe(r, p, spec.timeout_for("probes"));
          if (!reason.empty()) reasons.push_back(reason);
        }
        for (const auto& f : spec.verify.freshness) {
          PgConn r =
              PgConn::connect(c.restored_target(f.database.empty() ? c.source_db : f.database));
          std::string reason =
              check_freshness(r, f, c.consistency_epoch, spec.timeout_for("probes"));
          if (!reason.empty()) reasons.push_back(reason);
        }
        for (const auto& r : reasons) c.findings.push_back(r);
        log.detail = std::to_string(spec.verify.probes.size()) + " probes, " +
                     std::to_string(spec.verify.freshness.size()) + " freshness checks: " +
                     (reasons.empty() ? "all pass" : std::to_string(reasons.size()) + " failed");
        if (!reasons.empty()) throw DrillFailure(reasons.front());
      });
    });
  }
  if (first) throw *first;
}

}  // namespace drsim::drills
