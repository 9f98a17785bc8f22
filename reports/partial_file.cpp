#include "reports/partial_file.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "model/errors.hpp"

namespace drsim::reports {

namespace fs = std::filesystem;

PartialFile::PartialFile(std::string path) : path_(std::move(path)) {
  std::error_code ec;
  const fs::file_status st = fs::status(path_, ec);
  if (!fs::exists(st) || fs::is_regular_file(st)) {
    partial_ = path_ + ".partial-" + std::to_string(::getpid());
  }
  file_.open(partial_.empty() ? path_ : partial_, std::ios::binary | std::ios::trunc);
  if (!file_) fail(std::strerror(errno));
}

PartialFile::~PartialFile() {
  if (done_ || partial_.empty()) return;
  file_.close();
  std::error_code ignored;
  fs::remove(partial_, ignored);
}

void PartialFile::close() {
  if (closed_) return;
  if (file_) file_.flush();
  if (!file_) fail(std::strerror(errno));
  file_.close();
  closed_ = true;
}

void PartialFile::commit() {
  close();
  if (!partial_.empty()) {
    std::error_code ec;
    fs::rename(partial_, path_, ec);
    if (ec) fail(ec.message());
  }
  done_ = true;
}

void PartialFile::fail(const std::string& why) const {
  throw EnvironmentError("cannot write '" + path_ + "': " + why,
                         "check that the directory exists and is writable");
}

}  // namespace drsim::reports
