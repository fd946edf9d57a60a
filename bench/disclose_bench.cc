// The disclosure guard's throughput: N booking records (JSONL, made once
// and kept) released to ICE under Chicago's law, against jq (Debian's)
// deleting the same fields from the same file, in the same run; and the
// file's read speed, from the page cache and from the disk (O_DIRECT).
//
//   disclose_bench [--records N] [--dir DIR] [--policies DIR] [--no-jq]
//
// Prints records/s and MB/s for both, the ratio, and the load average
// (figures taken under load are not comparable across runs; the ratio is).
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "trustgate/disclose/release.h"
#include "trustgate/policy/library.h"

namespace {

namespace fs = std::filesystem;
using namespace trustgate;  // NOLINT
using Clock = std::chrono::steady_clock;

// CPU seconds (user + system) of this process, or of its finished children.
double cpu_seconds(int who) {
  rusage u{};
  getrusage(who, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// One booking record of about 450 bytes, with every protected class.
std::string booking(size_t i) {
  char buf[1024];
  std::snprintf(
      buf, sizeof buf,
      R"({"record_type":"booking","booking_number":"BK-%07zu","booking_date":"2025-02-%02zu",)"
      R"("arresting_agency":"Chicago Police Department","name":"Person Number %zu",)"
      R"("date_of_birth":"19%02zu-0%zu-1%zu","age":%zu,"address":"%zu W Example St, Chicago IL",)"
      R"("phone":"312-555-%04zu","immigration_status":"status-%zu","citizenship":"country-%zu",)"
      R"("country_of_birth":"country-%zu","citykey_number":"CK%09zu",)"
      R"("drivers_license_number":"D%011zu","charges":["retail theft","resisting"],)"
      R"("custody_status":"in custody","scheduled_release_date":"2025-03-%02zu",)"
      R"("extra":{"nested_status":"hold-%zu","notes":"none"}})",
      i, 1 + i % 28, i, 50 + i % 50, 1 + i % 9, i % 10, 18 + i % 60, 100 + i % 9000, i % 10000, i,
      i % 200, i % 200, i, i, 1 + i % 28, i);
  return buf;
}

std::string make_records(const fs::path& dir, size_t n) {
  const fs::path file = dir / ("disclose-bookings-" + std::to_string(n) + ".jsonl");
  if (fs::exists(file)) return file.string();
  const fs::path tmp = file.string() + ".tmp";
  std::ofstream out(tmp, std::ios::binary);
  std::string chunk;
  for (size_t i = 0; i < n; ++i) {
    chunk += booking(i);
    chunk += '\n';
    if (chunk.size() > (1 << 20)) {
      out << chunk;
      chunk.clear();
    }
  }
  out << chunk;
  out.close();
  fs::rename(tmp, file);
  return file.string();
}

// MB/s reading the whole file: from the page cache, or with O_DIRECT (the disk).
double read_speed(const std::string& path, bool direct) {
  int fd = ::open(path.c_str(), O_RDONLY | (direct ? O_DIRECT : 0));
  if (fd < 0) return 0;
  constexpr size_t kBuf = size_t{4} << 20;
  void* buf = nullptr;
  if (posix_memalign(&buf, 4096, kBuf) != 0) return 0;
  size_t total = 0;
  const auto t = Clock::now();
  for (;;) {
    ssize_t n = ::read(fd, buf, kBuf);
    if (n <= 0) break;
    total += static_cast<size_t>(n);
  }
  const double s = seconds_since(t);
  ::close(fd);
  std::free(buf);
  return s > 0 ? total / s / 1e6 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  size_t n = 1000000;
  fs::path dir = fs::temp_directory_path();
  std::string policies = std::string(TRUSTGATE_SOURCE_DIR) + "/policies";
  bool jq = true;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--records" && i + 1 < argc) {
      n = std::strtoull(argv[++i], nullptr, 10);
    } else if (a == "--dir" && i + 1 < argc) {
      dir = argv[++i];
    } else if (a == "--policies" && i + 1 < argc) {
      policies = argv[++i];
    } else if (a == "--no-jq") {
      jq = false;
    } else {
      std::fprintf(stderr,
                   "usage: disclose_bench [--records N] [--dir DIR] [--policies DIR] [--no-jq]\n");
      return 2;
    }
  }
  auto lib = policy::Library::open(policies);
  if (!lib) {
    std::fprintf(stderr, "policies: %s\n", lib.error().describe().c_str());
    return 1;
  }
  const auto& vocab = (*lib)->vocabulary();
  auto schemas = disclose::load_record_schemas(fs::path(policies) / "records", vocab.release);
  if (!schemas) return 1;
  auto request = disclose::parse_disclosure_request(
      R"({"jurisdiction":"us-il-chicago","receiving_agency":"chicago-police","recipient":"ice",)"
      R"("purpose":"civil_immigration_enforcement","instrument":"none"})",
      vocab, 1738000000);
  if (!request) return 1;
  auto plan = disclose::plan_release(**lib, *request);
  if (!plan) return 1;

  const std::string file = make_records(dir, n);
  const double bytes = static_cast<double>(fs::file_size(file));
  const double cached = read_speed(file, false);
  const double disk = read_speed(file, true);

  // The guard: the file in 1 MiB reads, the release and its log written to /dev/null.
  int null_fd = ::open("/dev/null", O_WRONLY);
  auto to_null = [null_fd](std::string_view b) {
    if (::write(null_fd, b.data(), b.size()) < 0) return base::Status(base::io_error("write"));
    return base::Status::Ok();
  };
  disclose::ReleaseTally tally;
  const double cpu0 = cpu_seconds(RUSAGE_SELF);
  const auto t = Clock::now();
  {
    disclose::Release release(*plan, *schemas, vocab, *request, disclose::RecordFormat::Jsonl,
                              to_null, to_null);
    int fd = ::open(file.c_str(), O_RDONLY);
    std::vector<char> buf(size_t{1} << 20);
    for (;;) {
      ssize_t r = ::read(fd, buf.data(), buf.size());
      if (r <= 0) break;
      if (!release.feed(std::string_view(buf.data(), static_cast<size_t>(r)))) return 1;
    }
    ::close(fd);
    auto done = release.finish();
    if (!done) return 1;
    tally = *done;
  }
  const double guard_s = seconds_since(t);
  const double guard_cpu = cpu_seconds(RUSAGE_SELF) - cpu0;

  // The fields the guard withholds from these records, for jq to delete.
  const disclose::RecordSchema* schema = schemas->find("booking");
  std::string del;
  for (const char* f :
       {"name", "date_of_birth", "address", "phone", "immigration_status", "citizenship",
        "country_of_birth", "citykey_number", "drivers_license_number", "charges", "custody_status",
        "scheduled_release_date", "extra", "age", "booking_date", "arresting_agency",
        "booking_number"}) {
    const int32_t node = schema->node_at(f);
    const bool released = node >= 0 && schema->nodes[node].field_class != disclose::kNoClass &&
                          plan->at(schema->type_index, schema->nodes[node].field_class).released;
    if (!released) del += std::string(del.empty() ? "" : ", ") + "." + f;
  }
  double jq_s = 0;
  if (jq) {
    const std::string cmd = "jq -c 'del(" + del + ")' '" + file + "' > /dev/null";
    const auto tj = Clock::now();
    if (std::system(cmd.c_str()) != 0) {
      std::fprintf(stderr, "jq failed: %s\n", cmd.c_str());
      return 1;
    }
    jq_s = seconds_since(tj);
  }
  const double jq_cpu = cpu_seconds(RUSAGE_CHILDREN);
  double load[3] = {0, 0, 0};
  if (FILE* f = std::fopen("/proc/loadavg", "r")) {
    if (std::fscanf(f, "%lf %lf %lf", &load[0], &load[1], &load[2]) != 3) load[0] = -1;
    std::fclose(f);
  }
  std::printf("disclose_bench: %zu booking records, %.1f MB (%s)\n", n, bytes / 1e6, file.c_str());
  std::printf("  released %llu records, withheld %llu fields not in the schema, %llu bytes out\n",
              static_cast<unsigned long long>(tally.records - tally.records_withheld),
              static_cast<unsigned long long>(tally.withheld_unclassified),
              static_cast<unsigned long long>(tally.bytes));
  std::printf("  guard   %8.3f s  %12.0f records/s  %8.1f MB/s\n", guard_s, n / guard_s,
              bytes / guard_s / 1e6);
  if (jq) {
    std::printf("  jq      %8.3f s  %12.0f records/s  %8.1f MB/s   (jq -c 'del(%s)')\n", jq_s,
                n / jq_s, bytes / jq_s / 1e6, del.c_str());
    std::printf("  ratio   %.1fx jq (wall clock); %.1fx by CPU time (guard %.3f s, jq %.3f s)\n",
                jq_s / guard_s, jq_cpu / guard_cpu, guard_cpu, jq_cpu);
  }
  std::printf("  read    %.1f MB/s from the page cache, %.1f MB/s from the disk (O_DIRECT)\n",
              cached, disk);
  std::printf("  load average %.2f %.2f %.2f\n", load[0], load[1], load[2]);
  return 0;
}
