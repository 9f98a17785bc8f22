// What drsim owns and how it proves it: the state root and run markers, and the sudo-like trust
// check of binaries. No server needed; works as root or as any user.
#include "drills/ownership.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <functional>

#include "model/errors.hpp"

namespace fs = std::filesystem;
using namespace drsim;
using namespace drsim::drills;

namespace {

struct Scratch {
  Scratch() {
    std::string tmpl = (fs::temp_directory_path() / "drsim-ownership-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    path = tmpl;
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string path;
};

std::string refusal(const std::function<void()>& f) {
  try {
    f();
  } catch (const EnvironmentError& e) {
    return std::string(e.what()) + " | " + e.hint();
  }
  return "not refused";
}

}  // namespace

TEST_CASE("drills::ownership: the state root is created with its marker and never changes dir",
          "[drills]") {
  Scratch s;
  ::chmod(s.path.c_str(), 01777);
  std::string root = owned_state_root(s.path, true);
  CHECK(root == s.path + "/drsim-runs");
  struct stat st {};
  REQUIRE(::stat(s.path.c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 01777);  // scratch.dir keeps its mode
  REQUIRE(::stat(root.c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0711);
  CHECK(owned_state_root(s.path, false) == root);
  CHECK(owned_state_root(s.path + "/elsewhere", false) == "");
  // A marker someone rewrote (or a directory someone else made) is not drsim's.
  std::ofstream(root + "/.drsim-state-root", std::ios::trunc) << "mine now\n";
  CHECK(refusal([&] { owned_state_root(s.path, true); }) ==
        root +
            " was not created by drsim (or was changed since): drsim will not use it | move it "
            "away, or set 'scratch.dir' to a directory where drsim may create 'drsim-runs'");
}

TEST_CASE("drills::ownership: a run directory is drsim's only with its own marker", "[drills]") {
  Scratch s;
  std::string run = s.path + "/app-pitr-Ab12Cd";
  fs::create_directory(run);
  ::chmod(run.c_str(), 0711);
  CHECK_FALSE(is_owned_run(run));  // no marker
  write_run_marker(run, "app-pitr-Ab12Cd");
  CHECK(is_owned_run(run));
  // A marker copied from another run names another run id.
  std::string other = s.path + "/app-pitr-Zz99Yy";
  fs::create_directory(other);
  ::chmod(other.c_str(), 0711);
  fs::copy_file(run + "/.drsim-run", other + "/.drsim-run");
  CHECK_FALSE(is_owned_run(other));
  // A directory others may write into cannot prove anything.
  ::chmod(run.c_str(), 0777);
  CHECK_FALSE(is_owned_run(run));
  // A symlink to a run directory is not one.
  fs::create_directory_symlink(other, s.path + "/link-Ab12Cd");
  CHECK_FALSE(is_owned_run(s.path + "/link-Ab12Cd"));
}

TEST_CASE("drills::ownership: binaries on a path others may change are refused", "[drills]") {
  CHECK(refusal([] { check_trusted_program("/bin/sh", "'scratch.bin_dir'"); }) == "not refused");
  Scratch s;
  std::string bin = s.path + "/bin";
  fs::create_directory(bin);
  ::chmod(s.path.c_str(), 0755);
  ::chmod(bin.c_str(), 0777);  // world-writable, not sticky
  std::ofstream(bin + "/pg_ctl") << "#!/bin/sh\n";
  ::chmod((bin + "/pg_ctl").c_str(), 0755);
  const std::string program = bin + "/pg_ctl";
  auto check = [&] {
    return refusal([&] { check_trusted_program(program, "'scratch.bin_dir'"); });
  };
  auto refused_because = [&](const std::string& path) {
    return "refusing to run " + program + ": " + path +
           " is writable by group or others | install the binaries in a root-owned directory "
           "such as /usr/lib/postgresql/15/bin, or fix the owner and mode; 'scratch.bin_dir' is "
           "run as " +
           (::geteuid() == 0 ? "root" : "drsim's user");
  };
  CHECK(check() == refused_because(bin));
  ::chmod(bin.c_str(), 0755);
  ::chmod(program.c_str(), 0775);
  CHECK(check() == refused_because(program));
  ::chmod(program.c_str(), 0755);
  CHECK(check() == "not refused");  // /tmp above it is sticky
}
