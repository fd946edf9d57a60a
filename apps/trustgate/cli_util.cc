#include "cli_util.h"

#include <unistd.h>

#include <fstream>
#include <iostream>
#include <sstream>

namespace trustgate::cli {

cedar::Result<std::string> read_file(const std::string& path) {
  std::ostringstream ss;
  if (path == "-") {
    ss << std::cin.rdbuf();
    return ss.str();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return cedar::Error{"cannot read " + path};
  ss << in.rdbuf();
  return ss.str();
}

int fail(const std::string& context, const cedar::Error& error) {
  std::cerr << "trustgate: " << context << ": " << error.describe() << "\n";
  return kExitError;
}

int fail(const cedar::Error& error) {
  std::cerr << "trustgate: " << error.describe() << "\n";
  return kExitError;
}

void require_options(std::initializer_list<const CLI::Option*> options) {
  for (const CLI::Option* opt : options) {
    if (opt->count() == 0) throw CLI::RequiredError(opt->get_name());
  }
}

bool stderr_is_tty() { return isatty(STDERR_FILENO) != 0; }

}  // namespace trustgate::cli
