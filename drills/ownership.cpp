#include "drills/ownership.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "model/errors.hpp"

namespace fs = std::filesystem;

namespace drsim::drills {
namespace {

constexpr const char* kRootMarkerText = "drsim state root\n";

std::string random_token() {
  unsigned char bytes[16] = {};
  std::ifstream in("/dev/urandom", std::ios::binary);
  in.read(reinterpret_cast<char*>(bytes), sizeof bytes);
  std::string hex;
  char buf[3];
  for (unsigned char b : bytes) {
    std::snprintf(buf, sizeof buf, "%02x", b);
    hex += buf;
  }
  return hex;
}

bool trusted_owner(uid_t uid) { return uid == 0 || uid == ::geteuid(); }

// Creates `path` with `content`, mode 0600, failing if it exists (never follows a symlink).
void write_new_file(const std::string& path, const std::string& content) {
  int fd = ::open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) throw EnvironmentError("cannot write " + path + ": " + std::strerror(errno));
  bool ok = ::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size());
  ::close(fd);
  if (!ok) throw EnvironmentError("cannot write " + path + ": " + std::strerror(errno));
}

std::string read_small(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

bool owned_and_private(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0 || S_ISLNK(st.st_mode)) return false;
  return trusted_owner(st.st_uid) && (st.st_mode & (S_IWGRP | S_IWOTH)) == 0;
}

std::string owned_state_root(const std::string& scratch_dir, bool create) {
  std::string root = (fs::path(scratch_dir) / kStateRootName).string();
  std::string marker = root + "/" + kRootMarker;
  struct stat st {};
  if (::lstat(root.c_str(), &st) != 0) {
    if (!create) return "";
    std::error_code ec;
    fs::create_directories(scratch_dir, ec);  // a new scratch.dir gets the default mode
    if (ec) {
      throw EnvironmentError(
          "cannot create the scratch state directory " + scratch_dir + ": " + ec.message(),
          "set 'scratch.dir' to a writable directory");
    }
    // 0711: the OS user running the servers may pass through to its run directories.
    if (::mkdir(root.c_str(), 0711) != 0 || ::chmod(root.c_str(), 0711) != 0) {
      throw EnvironmentError("cannot create " + root + ": " + std::strerror(errno),
                             "set 'scratch.dir' to a writable directory");
    }
    write_new_file(marker, kRootMarkerText);
    fs::create_directory(root + "/.ports", ec);
    return root;
  }
  if (!S_ISDIR(st.st_mode) || !owned_and_private(root) || !owned_and_private(marker) ||
      read_small(marker) != kRootMarkerText) {
    throw EnvironmentError(
        root + " was not created by drsim (or was changed since): drsim will not use it",
        "move it away, or set 'scratch.dir' to a directory where drsim may create '" +
            std::string(kStateRootName) + "'");
  }
  std::error_code ec;
  if (create) fs::create_directory(root + "/.ports", ec);
  return root;
}

void write_run_marker(const std::string& dir, const std::string& id) {
  write_new_file(dir + "/" + kRunMarker, "drsim run " + id + "\ntoken " + random_token() + "\n");
}

bool is_owned_run(const std::string& dir) {
  struct stat st {};
  if (::lstat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || !owned_and_private(dir)) {
    return false;
  }
  std::string marker = dir + "/" + kRunMarker;
  if (!owned_and_private(marker)) return false;
  std::istringstream in(read_small(marker));
  std::string drsim, run, id, token_key, token;
  in >> drsim >> run >> id >> token_key >> token;
  return drsim == "drsim" && run == "run" && id == fs::path(dir).filename().string() &&
         token_key == "token" && token.size() == 32;
}

void check_trusted_program(const std::string& path, const std::string& what) {
  std::error_code ec;
  fs::path real = fs::canonical(path, ec);
  if (ec) return;  // a missing tool is reported by whoever runs it
  const std::string hint =
      "install the binaries in a root-owned directory such as "
      "/usr/lib/postgresql/15/bin, or fix the owner and mode; " +
      what + " is run as " + (::geteuid() == 0 ? "root" : "drsim's user");
  auto refuse = [&](const std::string& p, const std::string& why) {
    throw EnvironmentError("refusing to run " + path + ": " + p + " " + why, hint);
  };
  // The program as named (a symlink in bin_dir counts) and the file it resolves to.
  for (const fs::path& file : {fs::path(path), real}) {
    struct stat st {};
    if (::lstat(file.c_str(), &st) != 0) continue;
    if (!trusted_owner(st.st_uid)) refuse(file.string(), "is not owned by root");
    if (!S_ISLNK(st.st_mode) && (st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
      refuse(file.string(), "is writable by group or others");
    }
  }
  // Every directory above either of them.
  for (const fs::path& start : {fs::canonical(fs::path(path).parent_path(), ec), real}) {
    if (ec) break;
    for (fs::path dir = start == real ? real.parent_path() : start;; dir = dir.parent_path()) {
      struct stat st {};
      if (::stat(dir.c_str(), &st) != 0) break;
      if (!trusted_owner(st.st_uid)) refuse(dir.string(), "is not owned by root");
      if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0 && (st.st_mode & S_ISVTX) == 0) {
        refuse(dir.string(), "is writable by group or others");
      }
      if (dir == dir.root_path() || dir.empty()) break;
    }
  }
}

}  // namespace drsim::drills
