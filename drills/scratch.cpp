#include "drills/scratch.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <thread>

#include "drills/journal.hpp"
#include "drills/ownership.hpp"
#include "model/errors.hpp"
#include "model/schemas.hpp"
#include "platform/process_info.hpp"

namespace fs = std::filesystem;

namespace drsim::drills {
namespace {

// True if process `pid` runs with `data_dir` as its working directory (a postmaster chdirs into
// its data directory).
bool serves_data_dir(int pid, const std::string& data_dir) {
  std::error_code ec;
  fs::path cwd = fs::read_symlink("/proc/" + std::to_string(pid) + "/cwd", ec);
  if (ec) return false;
  return fs::equivalent(cwd, data_dir, ec) && !ec;
}

std::pair<uid_t, gid_t> user_ids(const std::string& user) {
  struct passwd* pw = ::getpwnam(user.c_str());
  if (!pw) {
    throw EnvironmentError("OS user '" + user + "' does not exist",
                           "install PostgreSQL (it creates 'postgres') or set 'scratch.os_user'");
  }
  return {pw->pw_uid, pw->pw_gid};
}

// Refuses a scratch.dir the OS user cannot pass through to its run directory: drsim never
// changes the mode of a directory it did not create, so it cannot fix this itself.
void check_searchable(const fs::path& dir, const std::string& user) {
  auto [uid, gid] = user_ids(user);
  for (fs::path p = dir; !p.empty(); p = p.parent_path()) {
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0) break;
    bool ok = (st.st_mode & S_IXOTH) || (st.st_uid == uid && (st.st_mode & S_IXUSR)) ||
              (st.st_gid == gid && (st.st_mode & S_IXGRP));
    if (!ok) {
      char mode[8];
      std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
      throw EnvironmentError(
          p.string() + " cannot be entered by OS user '" + user + "' (mode " + mode + ")",
          "make it searchable (e.g. chmod o+x " + p.string() +
              ") or set 'scratch.dir' elsewhere; drsim never changes a directory it did not "
              "create");
    }
    if (p == p.root_path()) break;
  }
}

bool port_free(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

// Removes a directory tree. The last processes of a stopping server can still create files while
// the tree is deleted, so this retries for up to 5 s until the directory is really gone.
void remove_tree(const fs::path& dir) {
  std::error_code ec;
  for (int attempt = 0; attempt < 50; ++attempt) {
    fs::remove_all(dir, ec);
    if (!fs::exists(dir, ec)) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

// Stops the postmaster of `data_dir` only if that process really serves this directory (its
// working directory is it): a postmaster.pid can be written by the OS user to name any pid.
bool stop_server_in(const fs::path& data_dir) {
  int pid = postmaster_pid(data_dir.string());
  if (pid <= 0 || !platform::process_alive(pid) || !serves_data_dir(pid, data_dir.string())) {
    return false;
  }
  // Immediate shutdown (a scratch server's data is thrown away, so no shutdown checkpoint), then
  // SIGKILL of it and its children after 8 s.
  platform::stop_process(pid, SIGQUIT, 8);
  return true;
}

// Marks the journal of a run whose runner was killed: status "killed" instead of "running".
void close_journal(const fs::path& dir, ReapReport& report) {
  std::ifstream where(dir / "journal");
  std::string path;
  if (!std::getline(where, path) || path.empty()) return;
  nlohmann::ordered_json j;
  try {
    std::ifstream in(path);
    j = nlohmann::ordered_json::parse(in);
  } catch (const std::exception&) {
    return;  // gone or not a journal: nothing to close
  }
  if (j.value("schema", "") != kJournalSchema || j.value("run_id", "") != dir.filename().string() ||
      j.value("status", "") != "running") {
    return;
  }
  j["status"] = "killed";
  j["notes"].push_back("closed by drsim drill cleanup at " + iso_now() +
                       ": the drill runner was killed; its leftovers were stopped and removed");
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << j.dump(2) << "\n";
    if (!out) return;
  }
  if (std::rename(tmp.c_str(), path.c_str()) == 0) report.closed_journals.push_back(path);
}

// Stops and removes one run directory that is_owned_run() accepted.
void reap_run(const fs::path& dir, ReapReport& report, bool killed_runner) {
  std::error_code ec;
  if (killed_runner) close_journal(dir, report);
  {
    std::ifstream children(dir / "children");
    int pid = 0;
    std::string started;
    while (children >> pid >> started) {
      if (platform::same_process(pid, started)) {
        platform::signal_group(pid, SIGKILL);
        ++report.stopped_processes;
      }
    }
  }
  std::vector<fs::path> dirs{dir};
  {
    // Directories outside the run directory that this run created (an explicit data_dir).
    std::ifstream adopted(dir / "adopted");
    std::string line;
    while (std::getline(adopted, line)) {
      if (!line.empty()) dirs.emplace_back(line);
    }
  }
  for (const auto& d : dirs) {
    if (stop_server_in(d)) ++report.stopped_processes;
  }
  for (std::size_t i = 1; i < dirs.size(); ++i) remove_tree(dirs[i]);
  // Servers of the run's own data directories (data, backup, ...), one level down.
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.is_directory(ec) && !e.is_symlink(ec) && stop_server_in(e.path())) {
      ++report.stopped_processes;
    }
  }
  remove_tree(dir);
  report.removed_runs.push_back(dir.string());
  for (const auto& lock : fs::directory_iterator(dir.parent_path() / ".ports", ec)) {
    std::ifstream in(lock.path());
    std::string owner;
    std::getline(in, owner);
    if (owner == dir.string()) fs::remove(lock.path(), ec);
  }
}

}  // namespace

std::uintmax_t tree_bytes(const std::string& path) {
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) return fs::file_size(path, ec) * !ec;
  std::uintmax_t total = 0;
  for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (it->is_regular_file(ec)) total += it->file_size(ec);
  }
  return total;
}

bool dir_non_empty(const std::string& path) {
  std::error_code ec;
  return fs::is_directory(path, ec) && !fs::is_empty(path, ec);
}

int postmaster_pid(const std::string& data_dir) {
  std::ifstream in(data_dir + "/postmaster.pid");
  int pid = 0;
  in >> pid;
  return pid > 0 ? pid : 0;
}

ReapReport reap_stale_runs(const std::string& scratch_dir) {
  ReapReport report;
  std::error_code ec;
  std::string root = owned_state_root(scratch_dir, false);
  if (root.empty()) return report;
  auto now = fs::file_time_type::clock::now();
  for (const auto& e : fs::directory_iterator(root, ec)) {
    std::string name = e.path().filename().string();
    if (name == ".ports" || name == kRootMarker) continue;
    if (!is_owned_run(e.path().string())) {
      report.left_alone.push_back(e.path().string());
      continue;
    }
    std::ifstream owner(e.path() / "owner");
    int pid = 0;
    std::string started;
    if (owner >> pid >> started) {
      if (platform::same_process(pid, started)) continue;  // a drill still running
    } else {
      // The marker is written a moment before the owner file: leave young runs alone.
      auto age = now - fs::last_write_time(e.path(), ec);
      if (ec || age < std::chrono::seconds(60)) continue;
    }
    reap_run(e.path(), report, true);
  }
  return report;
}

RunDir::RunDir(const std::string& scratch_dir, const std::string& drill, const std::string& os_user)
    : os_user_(os_user) {
  root_ = owned_state_root(scratch_dir, true);
  if (platform::running_as_root() && !os_user.empty()) {
    check_searchable(fs::absolute(root_), os_user);
  }
  std::string tmpl = (fs::path(root_) / (drill + "-XXXXXX")).string();
  if (::mkdtemp(tmpl.data()) == nullptr) {
    throw EnvironmentError("cannot create a run directory in " + root_ + ": " +
                           std::strerror(errno));
  }
  path_ = tmpl;
  id_ = fs::path(path_).filename().string();
  // Ours, written by drsim's user only; the OS user may pass through to its subdirectories.
  ::chmod(path_.c_str(), 0711);
  write_run_marker(path_, id_);
  {
    std::ofstream owner(path_ + "/owner");
    owner << ::getpid() << " " << platform::process_start_time(::getpid()) << "\n";
  }
}

RunDir::~RunDir() { remove(); }

void RunDir::give_to_user(const std::string& path) const {
  if (!platform::running_as_root() || os_user_.empty()) return;
  auto [uid, gid] = user_ids(os_user_);
  std::error_code ec;
  ::lchown(path.c_str(), uid, gid);
  if (!fs::is_directory(path, ec)) return;
  for (auto it = fs::recursive_directory_iterator(path, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    ::lchown(it->path().c_str(), uid, gid);
  }
}

std::string RunDir::make_dir(const std::string& name) {
  std::string p = path_ + "/" + name;
  if (::mkdir(p.c_str(), 0700) != 0 && errno != EEXIST) {
    throw EnvironmentError("cannot create " + p + ": " + std::strerror(errno));
  }
  give_to_user(p);
  return p;
}

int RunDir::reserve_port(int wanted) {
  std::mt19937 rng(
      static_cast<unsigned>(::getpid()) ^
      static_cast<unsigned>(std::chrono::steady_clock::now().time_since_epoch().count()));
  for (int attempt = 0; attempt < (wanted ? 1 : 200); ++attempt) {
    int port = wanted ? wanted : 20000 + static_cast<int>(rng() % 20000);
    std::string lock = root_ + "/.ports/" + std::to_string(port);
    int fd = ::open(lock.c_str(), O_CREAT | O_EXCL | O_WRONLY, 0644);
    if (fd < 0) continue;
    std::string owner = path_ + "\n";
    (void)!::write(fd, owner.data(), owner.size());
    ::close(fd);
    if (!port_free(port)) {
      ::unlink(lock.c_str());
      continue;
    }
    ports_.push_back(port);
    return port;
  }
  if (wanted) {
    throw EnvironmentError(
        "scratch port " + std::to_string(wanted) + " is in use (a server may already run there)",
        "stop what listens on it, or set 'scratch.port: auto'");
  }
  throw EnvironmentError("no free loopback port found between 20000 and 39999");
}

std::string RunDir::make_data_dir(const std::string& explicit_dir) {
  if (explicit_dir.empty()) return make_dir("data");
  // Recorded only once drsim has created it: a directory that appeared meanwhile is not ours.
  if (::mkdir(explicit_dir.c_str(), 0700) != 0) {
    throw EnvironmentError(
        "cannot create scratch data directory " + explicit_dir + ": " + std::strerror(errno),
        "give a path that does not exist yet in a writable directory");
  }
  {
    std::ofstream out(path_ + "/adopted", std::ios::app);
    out << explicit_dir << "\n";
  }
  give_to_user(explicit_dir);
  return explicit_dir;
}

void RunDir::record_journal(const std::string& path) {
  std::ofstream out(path_ + "/journal");
  out << path << "\n";
}

void RunDir::record_child(int pid) {
  std::ofstream out(path_ + "/children", std::ios::app);
  out << pid << " " << platform::process_start_time(pid) << "\n";
}

std::string RunDir::write_private(const std::string& name, const std::string& content) {
  std::string p = path_ + "/" + name;
  int fd = ::open(p.c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0600);
  if (fd < 0) throw EnvironmentError("cannot write " + p + ": " + std::strerror(errno));
  (void)!::write(fd, content.data(), content.size());
  ::close(fd);
  give_to_user(p);
  return p;
}

void RunDir::remove() {
  if (removed_ || path_.empty()) return;
  removed_ = true;
  ReapReport ignored;
  reap_run(path_, ignored, false);
  for (int port : ports_) ::unlink((root_ + "/.ports/" + std::to_string(port)).c_str());
}

ScratchServer::ScratchServer(const ScratchSpec& spec, RunDir& run, const std::string& data_dir,
                             int port)
    : spec_(spec), run_(run), data_dir_(data_dir), port_(port) {
  socket_dir_ = run.make_dir("socket-" + std::to_string(port));
  // Created here so the server (another OS user) can append to it in drsim's run directory.
  log_file_ = run.write_private("server-" + std::to_string(port) + ".log", "");
}

platform::ProcessResult ScratchServer::tool(
    const std::string& name, std::vector<std::string> args, double timeout_s,
    std::vector<std::pair<std::string, std::string>> env) const {
  platform::ProcessSpec p;
  p.argv.push_back(spec_.bin_dir + "/" + name);
  p.argv.insert(p.argv.end(), args.begin(), args.end());
  p.env = std::move(env);
  p.as_user = spec_.os_user;
  p.timeout_s = timeout_s;
  p.on_start = [this](int pid) { run_.record_child(pid); };
  return run_tool(std::move(p));
}

void ScratchServer::write_file(const std::string& name, const std::string& text,
                               bool append) const {
  // The data directory belongs to the OS user: never follow a symlink planted there (drsim may
  // be root), and hand the file to that user.
  std::string path = data_dir_ + "/" + name;
  int fd =
      ::open(path.c_str(),
             O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | (append ? O_APPEND : O_TRUNC), 0600);
  bool ok = fd >= 0 && ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  if (fd >= 0) ::close(fd);
  if (!ok) throw EnvironmentError("cannot write " + path + ": " + std::strerror(errno));
  run_.give_to_user(path);
}

std::string conf_quote(const std::string& value) {
  std::string out = "'";
  for (char c : value) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

void ScratchServer::configure(const std::vector<std::pair<std::string, std::string>>& extra) const {
  auto write = [&](const std::string& name, const std::string& text, bool append) {
    write_file(name, text, append);
  };
  // Only the OS user over the private socket may connect; TCP on loopback is refused.
  write("pg_hba.conf",
        "# written by drsim for a drill scratch server\n"
        "local all all trust\nlocal replication all trust\nhost all all 127.0.0.1/32 reject\n",
        false);
  write("pg_ident.conf", "", false);
  std::error_code ec;
  if (!fs::exists(data_dir_ + "/postgresql.conf", ec)) write("postgresql.conf", "", false);
  std::vector<std::pair<std::string, std::string>> settings{
      {"port", std::to_string(port_)},
      {"listen_addresses", conf_quote("127.0.0.1")},
      {"unix_socket_directories", conf_quote(socket_dir_)},
      {"hba_file", conf_quote(data_dir_ + "/pg_hba.conf")},
      {"ident_file", conf_quote(data_dir_ + "/pg_ident.conf")},
      {"external_pid_file", conf_quote("")},
      // A restored copy must never archive into the source's archive or wait for standbys.
      {"archive_mode", "off"},
      {"archive_command", conf_quote("")},
      {"synchronous_standby_names", conf_quote("")},
      {"logging_collector", "off"},
      {"log_destination", conf_quote("stderr")},
      {"ssl", "off"},
      {"hot_standby", "on"},
      {"cluster_name", conf_quote("drsim-" + run_.id())},
  };
  if (!spec_.fsync) settings.emplace_back("fsync", "off");
  settings.insert(settings.end(), extra.begin(), extra.end());
  std::string text = "\n# drill settings written by drsim (the last setting wins)\n";
  for (const auto& [k, v] : settings) text += k + " = " + v + "\n";
  write("postgresql.auto.conf", text, true);
  run_.give_to_user(data_dir_);
}

platform::ProcessResult ScratchServer::start(double timeout_s) {
  std::error_code ec;
  fs::remove(data_dir_ + "/postmaster.pid", ec);  // a copied backup never owns a live server
  return tool("pg_ctl", {"start", "-W", "-s", "-D", data_dir_, "-l", log_file_}, timeout_s);
}

bool ScratchServer::running() const {
  int pid = postmaster_pid(data_dir_);
  return pid > 0 && platform::process_alive(pid);
}

void ScratchServer::stop() noexcept { stop_server_in(data_dir_); }

platform::ProcessResult ScratchServer::stop_clean(double timeout_s) {
  return tool("pg_ctl",
              {"stop", "-m", "fast", "-w", "-s", "-D", data_dir_, "-t",
               std::to_string(static_cast<int>(std::max(1.0, timeout_s)))},
              timeout_s + 5);
}

ConnTarget ScratchServer::target(const std::string& db, const std::string& what) const {
  ConnTarget t;
  t.conninfo =
      "host='" + socket_dir_ + "' port=" + std::to_string(port_) + " user='" + spec_.user + "'";
  t.dbname = db;
  t.what = what;
  return t;
}

std::string ScratchServer::log_tail(std::size_t bytes) const {
  std::ifstream in(log_file_);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  return s.size() > bytes ? s.substr(s.size() - bytes) : s;
}

}  // namespace drsim::drills
