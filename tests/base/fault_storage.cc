#include "base/fault_storage.h"

#include <algorithm>

namespace trustgate::testing {

namespace {

namespace fs = std::filesystem;

std::string key_of(const fs::path& p) {
  std::string s = p.lexically_normal().string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

bool is_root(const std::string& p) { return p.empty() || p == "/" || p == "."; }

// The content a power cut leaves of a file (see the header).
std::string after_cut(const std::string& durable, const std::string& current,
                      std::mt19937_64& rng) {
  const size_t len = std::max(durable.size(), current.size());
  std::string out = durable;
  out.resize(len, '\0');
  size_t size = durable.size();
  if (current.size() < durable.size() && rng() % 2) size = current.size();
  for (size_t lo = 0; lo < len; lo += FaultStorage::kPage) {
    const size_t hi = std::min(lo + FaultStorage::kPage, len);
    std::string fresh = current.substr(std::min(lo, current.size()), hi - lo);
    fresh.resize(hi - lo, '\0');
    if (out.compare(lo, hi - lo, fresh) == 0) continue;
    switch (rng() % 3) {
      case 0:  // the new page reached the disk
        out.replace(lo, hi - lo, fresh);
        size = std::max(size, std::min(hi, current.size()));
        break;
      case 1:  // the old page stayed
        break;
      default: {  // torn: new bytes up to a point, old after
        size_t cut = lo + rng() % (hi - lo);
        out.replace(lo, cut - lo, fresh.substr(0, cut - lo));
        size = std::max(size, std::min(cut, current.size()));
      }
    }
  }
  out.resize(size);
  return out;
}

}  // namespace

class FaultStorage::MemFile : public base::File {
 public:
  MemFile(FaultStorage& s, InodePtr inode, bool writable)
      : s_(s), inode_(std::move(inode)), writable_(writable) {}

  base::Result<size_t> read_at(uint64_t offset, char* out, size_t n) override {
    std::lock_guard lk(s_.mu_);
    if (s_.powered_off()) return s_.off_error();
    const std::string& c = inode_->current;
    if (offset >= c.size()) return size_t{0};
    size_t k = std::min<size_t>(n, c.size() - offset);
    std::copy_n(c.data() + offset, k, out);
    return k;
  }

  base::Status write_at(uint64_t offset, std::string_view data) override {
    std::lock_guard lk(s_.mu_);
    if (!writable_) return base::io_error("file opened read-only");
    if (!s_.mutate()) return s_.off_error();
    std::string& c = inode_->current;
    if (c.size() < offset + data.size()) c.resize(offset + data.size(), '\0');
    std::copy(data.begin(), data.end(), c.begin() + static_cast<ptrdiff_t>(offset));
    return base::Status::Ok();
  }

  base::Status sync() override {
    std::lock_guard lk(s_.mu_);
    if (!s_.mutate()) return s_.off_error();
    inode_->durable = inode_->current;
    return base::Status::Ok();
  }

  base::Status truncate(uint64_t size) override {
    std::lock_guard lk(s_.mu_);
    if (!s_.mutate()) return s_.off_error();
    inode_->current.resize(size, '\0');
    return base::Status::Ok();
  }

  base::Result<uint64_t> size() override {
    std::lock_guard lk(s_.mu_);
    if (s_.powered_off()) return s_.off_error();
    return static_cast<uint64_t>(inode_->current.size());
  }

 private:
  FaultStorage& s_;
  InodePtr inode_;
  bool writable_;
};

class FaultStorage::MemLock : public base::FileLock {
 public:
  MemLock(FaultStorage& s, std::string path) : s_(s), path_(std::move(path)) {}
  ~MemLock() override {
    std::lock_guard lk(s_.mu_);
    s_.locks_.erase(path_);
  }

 private:
  FaultStorage& s_;
  std::string path_;
};

void FaultStorage::cut_after(uint64_t n) {
  std::lock_guard lk(mu_);
  cut_at_ = mutations_ + n;
}

bool FaultStorage::powered_off() const { return mutations_ >= cut_at_; }

uint64_t FaultStorage::mutations() const {
  std::lock_guard lk(mu_);
  return mutations_;
}

bool FaultStorage::mutate() {
  if (mutations_ >= cut_at_) return false;
  ++mutations_;
  return true;
}

base::Error FaultStorage::off_error() const { return base::io_error("the power is off"); }

std::string FaultStorage::parent(const std::string& path) const {
  return key_of(fs::path(path).parent_path());
}

std::unique_ptr<FaultStorage> FaultStorage::after_power_cut(std::mt19937_64& rng) const {
  std::lock_guard lk(mu_);
  auto out = std::make_unique<FaultStorage>();
  // Names: where the running system and the disk disagree, either.
  Names chosen = durable_names_;
  for (const auto& [path, inode] : names_) {
    auto it = durable_names_.find(path);
    if ((it == durable_names_.end() || it->second != inode) && rng() % 2) chosen[path] = inode;
  }
  for (const auto& [path, inode] : durable_names_) {
    if (!names_.count(path) && rng() % 2) chosen.erase(path);
  }
  std::map<Inode*, InodePtr> copies;
  for (const auto& [path, inode] : chosen) {
    InodePtr& copy = copies[inode.get()];
    if (!copy) {
      copy = std::make_shared<Inode>(*inode);
      copy->current = inode->is_dir ? "" : after_cut(inode->durable, inode->current, rng);
      copy->durable = copy->current;
    }
    out->names_[path] = copy;
  }
  out->durable_names_ = out->names_;
  return out;
}

base::Result<std::unique_ptr<base::File>> FaultStorage::open(const fs::path& path,
                                                             base::OpenMode mode) {
  std::lock_guard lk(mu_);
  if (powered_off()) return off_error();
  const std::string k = key_of(path);
  auto it = names_.find(k);
  if (it != names_.end()) {
    if (it->second->is_dir) return base::io_error(k + " is a directory");
    if (mode.create && mode.exclusive) return base::conflict(k + " exists");
    return std::unique_ptr<base::File>(new MemFile(*this, it->second, mode.write));
  }
  if (!mode.create) return base::not_found("no file " + k);
  auto dir = names_.find(parent(k));
  if (!is_root(parent(k)) && (dir == names_.end() || !dir->second->is_dir)) {
    return base::not_found("no directory " + parent(k));
  }
  if (!mutate()) return off_error();
  auto inode = std::make_shared<Inode>();
  inode->permissions = mode.permissions;
  names_[k] = inode;
  return std::unique_ptr<base::File>(new MemFile(*this, inode, mode.write));
}

base::Status FaultStorage::create_dir(const fs::path& path, unsigned permissions) {
  std::lock_guard lk(mu_);
  const std::string k = key_of(path);
  if (names_.count(k)) return base::conflict(k + " exists");
  if (!mutate()) return off_error();
  auto inode = std::make_shared<Inode>();
  inode->is_dir = true;
  inode->permissions = permissions;
  names_[k] = inode;
  return base::Status::Ok();
}

base::Status FaultStorage::sync_dir(const fs::path& dir) {
  std::lock_guard lk(mu_);
  if (!mutate()) return off_error();
  const std::string d = key_of(dir);
  for (auto it = durable_names_.begin(); it != durable_names_.end();) {
    if (parent(it->first) == d && !names_.count(it->first)) {
      it = durable_names_.erase(it);
    } else {
      ++it;
    }
  }
  for (const auto& [path, inode] : names_) {
    if (parent(path) == d) durable_names_[path] = inode;
  }
  return base::Status::Ok();
}

base::Status FaultStorage::rename(const fs::path& from, const fs::path& to) {
  std::lock_guard lk(mu_);
  const std::string f = key_of(from), t = key_of(to);
  auto it = names_.find(f);
  if (it == names_.end()) return base::not_found("no file " + f);
  if (!mutate()) return off_error();
  InodePtr inode = it->second;
  names_.erase(it);
  names_[t] = inode;
  // A directory's entries move with it, on the disk too.
  for (Names* names : {&names_, &durable_names_}) {
    Names moved;
    for (auto n = names->begin(); n != names->end();) {
      if (n->first.rfind(f + "/", 0) == 0) {
        moved[t + n->first.substr(f.size())] = n->second;
        n = names->erase(n);
      } else {
        ++n;
      }
    }
    names->insert(moved.begin(), moved.end());
  }
  return base::Status::Ok();
}

base::Status FaultStorage::remove(const fs::path& path) {
  std::lock_guard lk(mu_);
  const std::string k = key_of(path);
  if (!names_.count(k)) return base::not_found("no file " + k);
  if (!mutate()) return off_error();
  names_.erase(k);
  return base::Status::Ok();
}

base::Result<bool> FaultStorage::exists(const fs::path& path) {
  std::lock_guard lk(mu_);
  if (powered_off()) return off_error();
  const std::string k = key_of(path);
  return is_root(k) || names_.count(k) > 0;
}

base::Result<unsigned> FaultStorage::permissions(const fs::path& path) {
  std::lock_guard lk(mu_);
  auto it = names_.find(key_of(path));
  if (it == names_.end()) return base::not_found("no file " + key_of(path));
  return it->second->permissions;
}

base::Status FaultStorage::set_permissions(const fs::path& path, unsigned permissions) {
  std::lock_guard lk(mu_);
  auto it = names_.find(key_of(path));
  if (it == names_.end()) return base::not_found("no file " + key_of(path));
  if (!mutate()) return off_error();
  it->second->permissions = permissions;
  return base::Status::Ok();
}

base::Result<std::vector<std::string>> FaultStorage::list_dir(const fs::path& dir) {
  std::lock_guard lk(mu_);
  if (powered_off()) return off_error();
  const std::string d = key_of(dir);
  std::vector<std::string> out;
  for (const auto& [path, inode] : names_) {
    if (parent(path) == d && path != d) out.push_back(fs::path(path).filename().string());
  }
  return out;  // names_ is ordered, so is out
}

base::Result<std::unique_ptr<base::FileLock>> FaultStorage::lock(const fs::path& path) {
  std::lock_guard lk(mu_);
  if (powered_off()) return off_error();
  const std::string k = key_of(path);
  if (locks_[k]) return base::busy(k + " is locked");
  if (!names_.count(k)) {
    if (!mutate()) return off_error();
    names_[k] = std::make_shared<Inode>();
  }
  locks_[k] = true;
  return std::unique_ptr<base::FileLock>(new MemLock(*this, k));
}

std::string FaultStorage::content(const fs::path& path) const {
  std::lock_guard lk(mu_);
  auto it = names_.find(key_of(path));
  return it == names_.end() ? std::string() : it->second->current;
}

void FaultStorage::set_content(const fs::path& path, const std::string& data) {
  std::lock_guard lk(mu_);
  auto it = names_.find(key_of(path));
  if (it == names_.end()) return;
  it->second->current = data;
  it->second->durable = data;
}

}  // namespace trustgate::testing
