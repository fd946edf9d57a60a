// HTML to PDF with Debian's Chromium in headless mode (--print-to-pdf). The
// page is written to a private temporary folder with its own browser
// profile; Chromium runs in its own process group so that a timeout ends all
// of its processes (the group is ours until its leader is reaped); its output goes to a log in the
// folder, quoted in errors.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

#include "base/storage.h"
#include "trustgate/guide/guide.h"

extern char** environ;

namespace trustgate::guide {

namespace {

namespace fs = std::filesystem;

// A private temporary folder, removed on destruction.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "trustgate-pdf-XXXXXX").string();
    if (mkdtemp(pattern.data())) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string log_tail(const fs::path& log) {
  auto text = base::read_file(log);
  if (!text) return "";
  std::string t = *text;
  if (t.size() > 600) t = "..." + t.substr(t.size() - 600);
  return t;
}

// Runs argv with output to `log`; waits at most `timeout_seconds`. The exit
// status, or an error.
base::Result<int> run(const std::vector<std::string>& argv, const fs::path& log,
                      int timeout_seconds) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t files;
  posix_spawn_file_actions_init(&files);
  posix_spawn_file_actions_addopen(&files, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&files, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  posix_spawn_file_actions_adddup2(&files, STDOUT_FILENO, STDERR_FILENO);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, args[0], &files, &attr, args.data(), environ);
  posix_spawn_file_actions_destroy(&files);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) return base::io_error("cannot start " + argv[0] + ": " + std::strerror(rc));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
  int status = 0;
  while (true) {
    pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0 && errno != EINTR)
      return base::io_error("waitpid: " + std::string(std::strerror(errno)));
    if (std::chrono::steady_clock::now() > deadline) {
      kill(-pid, SIGKILL);
      waitpid(pid, &status, 0);
      return base::io_error(argv[0] + " took longer than " + std::to_string(timeout_seconds) +
                            " s");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

base::Result<std::string> html_to_pdf(const std::string& html, int timeout_seconds) {
  const char* env = std::getenv("TRUSTGATE_CHROMIUM");
  const std::string chromium = env && *env ? env : "/usr/bin/chromium";
  if (access(chromium.c_str(), X_OK) != 0) {
    return base::not_found("no Chromium at " + chromium +
                           " (install Debian's chromium, or set TRUSTGATE_CHROMIUM): a PDF is "
                           "printed from the HTML guide");
  }
  TempDir dir;
  if (dir.path().empty()) return base::io_error("cannot make a temporary folder");
  const fs::path page = dir.path() / "guide.html", pdf = dir.path() / "guide.pdf",
                 log = dir.path() / "chromium.log";
  {
    std::ofstream out(page, std::ios::binary);
    out << html;
    if (!out) return base::io_error("cannot write " + page.string());
  }
  std::vector<std::string> argv = {chromium,
                                   "--headless",
                                   "--disable-gpu",
                                   "--no-first-run",
                                   "--disable-extensions",
                                   "--disable-background-networking",
                                   "--no-pdf-header-footer",
                                   "--user-data-dir=" + (dir.path() / "profile").string(),
                                   "--print-to-pdf=" + pdf.string()};
  // Chromium's sandbox refuses to run as root.
  if (geteuid() == 0) argv.push_back("--no-sandbox");
  argv.push_back("file://" + page.string());
  auto status = run(argv, log, timeout_seconds);
  if (!status) return status.error();
  auto bytes = base::read_file(pdf);
  if (*status != 0 || !bytes || bytes->compare(0, 5, "%PDF-") != 0) {
    return base::io_error("Chromium did not print the PDF (exit " + std::to_string(*status) +
                          "): " + log_tail(log));
  }
  return std::move(*bytes);
}

}  // namespace trustgate::guide
