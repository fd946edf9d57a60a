// The law archive's shared half in PostgreSQL (law_archive.h): the files of
// each archived policy version, rows of law_files written once.
#include <array>

#include "base/digest.h"
#include "base/encoding.h"
#include "trustgate/cases/law_archive.h"
#include "trustgate/common/postgres.h"

namespace trustgate::cases {

namespace {

using common::PgConnection;
using common::PgDatabase;
using common::PgParam;

constexpr const char* kComponent = "law";

constexpr std::array<const char*, 1> kMigrations = {
    R"sql(
CREATE TABLE law_files (
  policy_version TEXT NOT NULL,
  path TEXT NOT NULL,
  content BYTEA NOT NULL,
  PRIMARY KEY (policy_version, path)
);
)sql",
};

class PostgresLaw : public SharedLaw {
 public:
  explicit PostgresLaw(std::shared_ptr<PgDatabase> db) : db_(std::move(db)) {}

  // One statement per file: law files are small and few (a chain's packs).
  base::Status put(const std::string& policy_version, const std::vector<LawFile>& files) override {
    return db_->transaction([&](PgConnection& c) -> base::Status {
      for (const LawFile& f : files) {
        auto r = c.query(
            "INSERT INTO law_files (policy_version, path, content) "
            "VALUES ($1, $2, decode($3, 'hex')) ON CONFLICT DO NOTHING",
            {policy_version, f.path, base::to_hex(f.content)});
        if (!r) return r.error();
      }
      return base::Status::Ok();
    });
  }

  base::Result<std::vector<LawFile>> get(const std::string& policy_version) override {
    // base64 (PostgreSQL's breaks lines, which base64_decode refuses).
    auto rows = db_->query(
        "SELECT path, translate(encode(content, 'base64'), E'\\n', '') FROM law_files "
        "WHERE policy_version = $1 ORDER BY path",
        {policy_version});
    if (!rows) return rows.error();
    std::vector<LawFile> out;
    for (int r = 0; r < rows->rows(); ++r) {
      auto content = base::base64_decode(rows->text(r, 1));
      if (!content)
        return base::corruption("law_files: " + policy_version + ": " + rows->text(r, 0));
      out.push_back(LawFile{rows->text(r, 0), std::move(*content)});
    }
    return out;
  }

 private:
  std::shared_ptr<PgDatabase> db_;
};

}  // namespace

base::Result<std::shared_ptr<SharedLaw>> open_postgres_law(std::shared_ptr<PgDatabase> db,
                                                           bool writable) {
  if (auto s = db->migrate(kComponent, kMigrations.data(), kMigrations.size(), !writable); !s) {
    return s.error();
  }
  return std::shared_ptr<SharedLaw>(std::make_shared<PostgresLaw>(std::move(db)));
}

}  // namespace trustgate::cases
