#include "cli_util.h"

#include <unistd.h>

#include <iostream>
#include <sstream>

#include "base/storage.h"
#include "base/text.h"

namespace trustgate::cli {

cedar::Result<std::string> read_file(const std::string& path) {
  std::ostringstream ss;
  if (path == "-") {
    ss << std::cin.rdbuf();
    return ss.str();
  }
  return base::read_file(path);
}

int fail(const std::string& context, const cedar::Error& error) {
  std::cerr << "trustgate: " << context << ": " << base::printable(error.describe()) << "\n";
  return kExitError;
}

int fail(const cedar::Error& error) {
  std::cerr << "trustgate: " << base::printable(error.describe()) << "\n";
  return kExitError;
}

void require_options(std::initializer_list<const CLI::Option*> options) {
  for (const CLI::Option* opt : options) {
    if (opt->count() == 0) throw CLI::RequiredError(opt->get_name());
  }
}

int exit_code_for(base::ErrorKind kind) {
  switch (kind) {
    case base::ErrorKind::InvalidArgument:
      return kExitError;
    case base::ErrorKind::NotFound:
      return kExitNotFound;
    case base::ErrorKind::Conflict:
      return kExitConflict;
    case base::ErrorKind::Corruption:
      return kExitCorruption;
    case base::ErrorKind::IO:
      return kExitIO;
    case base::ErrorKind::Busy:
      return kExitBusy;
    case base::ErrorKind::PermissionDenied:
      return kExitPermission;
  }
  return kExitError;
}

int fail_with_kind(const std::string& context, const base::Error& error) {
  std::cerr << "trustgate: " << context << ": " << base::printable(error.describe()) << "\n";
  return exit_code_for(error.kind);
}

bool stderr_is_tty() { return isatty(STDERR_FILENO) != 0; }

}  // namespace trustgate::cli
