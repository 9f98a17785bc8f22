#include "live_support.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "drills/drill_spec.hpp"

namespace fs = std::filesystem;

namespace drsim::test {

const PgSource& pg_source() {
  static PgSource src = [] {
    const char* env = std::getenv("DRSIM_PG_SOURCE_ENV");
    std::string path = env != nullptr && *env != '\0' ? env : DRSIM_PG_SOURCE_ENV;
    std::ifstream in(path);
    if (!in) {
      FAIL("no source cluster: " << path
                                 << " is missing; run the live tests through ctest (fixture "
                                    "drills_pg_source, or drills_pg_private for [private])");
    }
    std::map<std::string, std::string> kv;
    std::string line;
    while (std::getline(in, line)) {
      auto eq = line.find('=');
      if (eq != std::string::npos) kv[line.substr(0, eq)] = line.substr(eq + 1);
    }
    return PgSource{kv["PGS_DIR"],     kv["PGS_PORT"],     kv["PGS_SOCK"],
                    kv["PGS_ARCHIVE"], kv["PGS_PASSWORD"], kv["PGS_BIN"]};
  }();
  return src;
}

std::string sh(const std::string& command) {
  std::string out;
  FILE* p = ::popen(command.c_str(), "r");
  REQUIRE(p != nullptr);
  std::array<char, 4096> buf{};
  while (std::size_t n = std::fread(buf.data(), 1, buf.size(), p)) out.append(buf.data(), n);
  int status = ::pclose(p);
  INFO("command: " << command << "\noutput: " << out);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  return out;
}

std::string psql(const std::string& db, const std::string& sql) {
  const auto& s = pg_source();
  std::string file = "/tmp/drsim-test-sql-" + std::to_string(::getpid()) + ".sql";
  {
    std::ofstream out(file);
    out << sql << "\n";
  }
  ::chmod(file.c_str(), 0644);
  std::string out =
      sh("runuser -u postgres -- " + s.bin + "/psql -X -q -At -v ON_ERROR_STOP=1 -h " + s.sock +
         " -p " + s.port + " -d " + db + " -f " + file + " 2>&1");
  ::unlink(file.c_str());
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

TempDir::TempDir(const std::string& name) {
  std::string tmpl = "/tmp/drsim-test-" + name + "-XXXXXX";
  REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
  path_ = tmpl;
  ::chmod(path_.c_str(), 0755);
  sh("chown postgres: " + path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string write_drill(const std::string& dir, const std::string& name, const std::string& yaml) {
  std::string path = dir + "/" + name + ".yaml";
  std::ofstream out(path);
  out << yaml;
  return path;
}

drills::DrillSpec spec_from(const std::string& dir, const std::string& name,
                            const std::string& yaml) {
  return drills::load_drill(write_drill(dir, name, yaml));
}

void export_password() { ::setenv("DRSIM_TEST_PW", pg_source().password.c_str(), 1); }

std::string source_block(const std::string& db) {
  export_password();
  return "source:\n  conninfo: \"host=127.0.0.1 port=" + pg_source().port +
         " user=drill dbname=" + db + "\"\n  password_env: DRSIM_TEST_PW\n";
}

int spawn_drsim(const std::vector<std::string>& args, const std::string& log) {
  export_password();
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    int fd = ::open(log.c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0644);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    std::vector<char*> argv;
    std::string exe = DRSIM_EXE;
    argv.push_back(exe.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(exe.c_str(), argv.data());
    ::_exit(127);
  }
  return pid;
}

int wait_child(int pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + WTERMSIG(status);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool port_in_use(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  bool used = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0;
  ::close(fd);
  return used;
}

int processes_mentioning(const std::string& text) {
  int n = 0;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/proc", ec)) {
    std::string name = e.path().filename();
    if (name.empty() || !std::isdigit(static_cast<unsigned char>(name[0]))) continue;
    std::string cmd = read_file(e.path() / "cmdline");
    for (auto& c : cmd) {
      if (c == '\0') c = ' ';
    }
    std::string cwd = fs::read_symlink(e.path() / "cwd", ec).string();
    if (cmd.find(text) != std::string::npos || cwd.find(text) != std::string::npos) ++n;
  }
  return n;
}

std::vector<std::string> run_dirs(const std::string& scratch_dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(scratch_dir + "/drsim-runs", ec)) {
    std::string name = e.path().filename().string();
    if (name != ".ports" && name != ".drsim-state-root") out.push_back(e.path().string());
  }
  return out;
}

std::string environ_of(int pid) {
  std::string env = read_file("/proc/" + std::to_string(pid) + "/environ");
  for (auto& c : env) {
    if (c == '\0') c = '\n';
  }
  return env;
}

void take_base_backup(const std::string& dir) {
  const auto& s = pg_source();
  sh("runuser -u postgres -- " + s.bin + "/pg_basebackup -D " + dir +
     " -X stream --no-sync -c fast -h " + s.sock + " -p " + s.port + " -U postgres 2>&1");
}

std::string scratch_block() { return "scratch:\n  dir: " + kScratchDir + "\n  fsync: false\n"; }

TestDatabase::TestDatabase(const std::string& prefix, const std::string& sql)
    : name_(prefix + "_" + std::to_string(::getpid())) {
  psql("postgres", "DROP DATABASE IF EXISTS " + name_ + "; CREATE DATABASE " + name_);
  psql(name_, sql);
}

TestDatabase::~TestDatabase() {
  std::string cmd = "runuser -u postgres -- " + pg_source().bin + "/psql -X -q -h " +
                    pg_source().sock + " -p " + pg_source().port +
                    " -d postgres -c 'DROP DATABASE IF EXISTS " + name_ +
                    " WITH (FORCE)' >/dev/null 2>&1";
  (void)!std::system(cmd.c_str());  // no REQUIRE in a destructor
}

std::string step_field(const drills::DrillOutcome& o, const std::string& name,
                       const std::string& field) {
  for (const auto& s : o.journal["steps"]) {
    if (s["name"] == name) return s[field].get<std::string>();
  }
  return "absent";
}

drills::DrillOutcome run_level(const std::string& dir, const std::string& name,
                               const std::string& body, const std::string& level) {
  auto spec = spec_from(dir, name + "-" + level,
                        "drill: " + name + "-" + level + "\n" + body + scratch_block() +
                            "verify:\n  level: " + level + "\n");
  return drills::run_drill(spec);
}

std::string dump_drill(const std::string& dir, const std::string& name, const std::string& db,
                       const std::string& flags) {
  const auto& s = pg_source();
  const std::string file = dir + "/" + name + ".dump";
  sh("runuser -u postgres -- " + s.bin + "/pg_dump -Fc " + flags + " -f " + file + " -h " + s.sock +
     " -p " + s.port + " -d " + db);
  return "method: logical\n" + source_block(db) + "backup:\n  take: false\n  dump_file: " + file +
         "\n";
}

std::string with_line(const std::string& text, const std::string& from, const std::string& to) {
  const auto at = text.find(from + "\n");
  REQUIRE(at != std::string::npos);
  return text.substr(0, at) + to + text.substr(at + from.size());
}

std::string example_logical_drill(const std::string& drill, const std::string& db) {
  std::string yaml = read_file(DRSIM_SOURCE_DIR "/examples/drills/orders-logical.yaml");
  yaml = with_line(yaml, "drill: orders-logical", "drill: " + drill);
  yaml = with_line(
      yaml, "  conninfo: \"host=db1.internal user=drill dbname=orders\"",
      "  conninfo: \"host=127.0.0.1 port=" + pg_source().port + " user=drill dbname=" + db + "\"");
  return with_line(yaml, "  password_env: PGPASSWORD_DRILL", "  password_env: DRSIM_TEST_PW");
}

}  // namespace drsim::test
