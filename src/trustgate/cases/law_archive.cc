#include "trustgate/cases/law_archive.h"

#include <set>

#include "base/random.h"

namespace trustgate::cases {

namespace {

namespace fs = std::filesystem;

// The files of a pack folder its digest covers: pack.json and *.cedar.
base::Result<std::vector<std::string>> pack_files(base::Storage& storage, const fs::path& dir) {
  auto names = storage.list_dir(dir);
  if (!names) return names.error();
  std::vector<std::string> out;
  for (const std::string& n : *names) {
    if (n == "pack.json" || (n.size() > 6 && n.ends_with(".cedar"))) out.push_back(n);
  }
  return out;
}

}  // namespace

base::Status copy_files(base::Storage& storage, const fs::path& from, const fs::path& to,
                        const std::vector<std::string>& names) {
  if (auto s = storage.create_dir(to, 0700); !s) return s;
  for (const std::string& n : names) {
    auto text = base::read_file(storage, from / n);
    if (!text) return text.error();
    auto file = storage.open(to / n, base::OpenMode{true, true, true, 0600});
    if (!file) return file.error();
    if (auto s = (*file)->write_at(0, *text); !s) return s;
    if (auto s = (*file)->sync(); !s) return s;
  }
  return storage.sync_dir(to);
}

base::Result<fs::path> LawArchive::folder(const std::string& policy_version) const {
  constexpr std::string_view kPrefix = "sha256:";
  std::string_view hex = policy_version;
  if (!hex.starts_with(kPrefix) || hex.size() != kPrefix.size() + 64 ||
      hex.substr(kPrefix.size()).find_first_not_of("0123456789abcdef") != std::string::npos) {
    return base::Error{"not a policy version: \"" + policy_version + "\""};
  }
  return dir_ / std::string(hex.substr(kPrefix.size()));
}

base::Status LawArchive::keep(const policy::Library& library, const policy::Decision& decision) {
  auto target = folder(decision.policy_version);
  if (!target) return target.error();
  if (shared_) {
    std::lock_guard lk(mu_);
    if (shared_versions_.count(decision.policy_version)) return base::Status::Ok();
  }
  auto exists = storage_.exists(*target);
  if (!exists) return exists.error();
  if (*exists && !shared_) return base::Status::Ok();
  fs::path tmp;
  if (!*exists) {
    auto written = write_temporary(library, decision);
    if (!written) return written.error();
    tmp = *written;
  }
  if (shared_) {
    // Shared before the folder is in place: a folder here means the
    // database holds the version.
    auto files = files_of(*exists ? *target : tmp);
    base::Status put = files ? shared_->put(decision.policy_version, *files) : files.error();
    if (!put) {
      std::error_code ec;
      if (!tmp.empty()) fs::remove_all(tmp, ec);
      return put;
    }
    std::lock_guard lk(mu_);
    shared_versions_.insert(decision.policy_version);
  }
  if (*exists) return base::Status::Ok();
  if (auto s = storage_.rename(tmp, *target); !s) return s;
  return storage_.sync_dir(dir_);
}

base::Result<fs::path> LawArchive::write_temporary(const policy::Library& library,
                                                   const policy::Decision& decision) {
  if (auto d = storage_.exists(dir_); d && !*d) {
    if (auto s = storage_.create_dir(dir_, 0700); !s) return s.error();
  }
  auto suffix = base::random_hex(8);
  if (!suffix) return suffix.error();
  const fs::path tmp = dir_ / (".tmp-" + *suffix);
  if (auto s = storage_.create_dir(tmp, 0700); !s) return s.error();
  auto schema = base::read_file(storage_, library.root() / "schema.cedarschema");
  if (!schema) return schema.error();
  if (auto s = base::create_file(storage_, tmp / "schema.cedarschema", *schema); !s) {
    return s.error();
  }
  for (const auto& pack : decision.chain->packs) {
    auto names = pack_files(storage_, pack->directory);
    if (!names) return names.error();
    if (auto s = copy_files(storage_, pack->directory, tmp / pack->id, *names); !s) {
      return s.error();
    }
  }
  if (auto s = storage_.sync_dir(tmp); !s) return s.error();
  // The copy must be the same law.
  auto copy = policy::Library::open_archived(tmp);
  if (!copy) return base::Error{"the archived law does not load: " + copy.error().describe()};
  auto chain = (*copy)->chain(decision.jurisdiction);
  if (!chain || chain->at(decision.law_date).policy_version != decision.policy_version) {
    return base::Error{"the archived law of " + decision.jurisdiction +
                       " has another policy version than " + decision.policy_version +
                       " (did the packs change on disk while loading?)"};
  }
  return tmp;
}

base::Result<std::vector<LawFile>> LawArchive::files_of(const fs::path& dir) const {
  auto names = storage_.list_dir(dir);
  if (!names) return names.error();
  std::vector<LawFile> out;
  for (const std::string& n : *names) {
    if (n == "schema.cedarschema") {
      auto text = base::read_file(storage_, dir / n);
      if (!text) return text.error();
      out.push_back(LawFile{n, std::move(*text)});
      continue;
    }
    auto files = pack_files(storage_, dir / n);
    if (!files) return files.error();
    for (const std::string& f : *files) {
      auto text = base::read_file(storage_, dir / n / f);
      if (!text) return text.error();
      out.push_back(LawFile{n + "/" + f, std::move(*text)});
    }
  }
  return out;
}

// Writes the shared files of a version into the new folder `to` (through a
// temporary folder beside it; another process may fetch it meanwhile).
base::Status LawArchive::fetch(const std::string& policy_version, const fs::path& to) const {
  auto files = shared_->get(policy_version);
  if (!files) return files.error();
  if (files->empty()) {
    return base::not_found("the law " + policy_version + " is neither in " + dir_.string() +
                           " nor in the database");
  }
  if (auto d = storage_.exists(dir_); d && !*d) {
    if (auto s = storage_.create_dir(dir_, 0700); !s) return s;
  }
  auto suffix = base::random_hex(8);
  if (!suffix) return suffix.error();
  const fs::path tmp = dir_ / (".fetch-" + *suffix);
  if (auto s = storage_.create_dir(tmp, 0700); !s) return s;
  std::set<std::string> packs;
  for (const LawFile& f : *files) {
    const size_t slash = f.path.find('/');
    const std::string pack = slash == std::string::npos ? "" : f.path.substr(0, slash);
    const std::string name = slash == std::string::npos ? f.path : f.path.substr(slash + 1);
    const bool plain = name.find('/') == std::string::npos && name != "." && name != ".." &&
                       pack != "." && pack != ".." && !name.empty() &&
                       (slash == std::string::npos ? name == "schema.cedarschema" : !pack.empty());
    if (!plain) return base::corruption("law_files: " + policy_version + ": path " + f.path);
    if (!pack.empty() && packs.insert(pack).second) {
      if (auto s = storage_.create_dir(tmp / pack, 0700); !s) return s;
    }
    if (auto s = base::create_file(storage_, tmp / f.path, f.content); !s) return s;
  }
  if (auto s = storage_.sync_dir(tmp); !s) return s;
  if (auto s = storage_.rename(tmp, to); !s) {
    // Fetched by another process meanwhile: theirs is the same law.
    auto there = storage_.exists(to / "schema.cedarschema");
    if (!there || !*there) return s;
    std::error_code ec;
    fs::remove_all(tmp, ec);
    return base::Status::Ok();
  }
  return storage_.sync_dir(dir_);
}

base::Result<std::shared_ptr<const policy::Library>> LawArchive::load(
    const std::string& policy_version) const {
  auto f = folder(policy_version);
  if (!f) return f.error();
  auto exists = storage_.exists(*f);
  if (!exists) return exists.error();
  if (!*exists) {
    if (!shared_) {
      return base::not_found("the law " + policy_version + " is not in " + dir_.string());
    }
    if (auto s = fetch(policy_version, *f); !s) return s.error();
  }
  auto lib = policy::Library::open_archived(*f);
  if (!lib) return lib.error();
  return lib;
}

base::Result<size_t> LawArchive::share_all() {
  if (!shared_) return base::Error{"no shared law archive to copy into"};
  auto there = storage_.exists(dir_);
  if (!there) return there.error();
  if (!*there) return size_t{0};
  auto names = storage_.list_dir(dir_);
  if (!names) return names.error();
  size_t n = 0;
  for (const std::string& hex : *names) {
    if (hex.starts_with(".")) continue;  // a folder being written
    const std::string version = "sha256:" + hex;
    if (!folder(version)) continue;
    auto files = files_of(dir_ / hex);
    if (!files) return files.error();
    if (auto s = shared_->put(version, *files); !s) return s.error();
    std::lock_guard lk(mu_);
    shared_versions_.insert(version);
    ++n;
  }
  return n;
}

}  // namespace trustgate::cases
