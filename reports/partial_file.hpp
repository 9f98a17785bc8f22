// A file written beside its final name and put in place only once complete: PATH.partial-PID is
// renamed to PATH by commit(), and removed if commit() never comes (an exception, a failed run),
// so a run that fails half-way leaves the file PATH was, not half a new one. Anything that is not
// a regular file (/dev/null, a pipe) is written in place.
#pragma once

#include <fstream>
#include <string>

namespace drsim::reports {

class PartialFile {
 public:
  // Opens the file that will become `path`; throws EnvironmentError if it cannot.
  explicit PartialFile(std::string path);
  ~PartialFile();
  PartialFile(const PartialFile&) = delete;
  PartialFile& operator=(const PartialFile&) = delete;

  std::ostream& out() { return file_; }
  // Closes the file; throws EnvironmentError if it could not be written (all of it).
  void close();
  // close(), then puts the file in place; throws EnvironmentError if it cannot.
  void commit();

 private:
  [[noreturn]] void fail(const std::string& why) const;

  std::string path_;
  std::string partial_;  // PATH.partial-PID, or "" when written in place
  std::ofstream file_;
  bool closed_ = false;
  bool done_ = false;
};

}  // namespace drsim::reports
