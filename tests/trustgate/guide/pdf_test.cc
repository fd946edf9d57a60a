// The PDF guide, printed by Chromium from the HTML, rendered back to an
// image and to text with Debian's poppler-utils (pdftoppm, pdftotext): the
// summary table's headings are on its first page, every page carries the
// disclaimer, and the first page's image is not blank.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "base/storage.h"
#include "trustgate/guide/guide.h"
#include "trustgate/policy/test_library.h"

namespace trustgate::guide {
namespace {

namespace fs = std::filesystem;

bool executable(const char* path) { return access(path, X_OK) == 0; }

// Runs a shell command line; its exit status.
int sh(const std::string& command) { return std::system(command.c_str()); }

TEST(GuidePdfTest, RendersWithTheTableHeadingsAndTheDisclaimerOnEveryPage) {
  const char* chromium = std::getenv("TRUSTGATE_CHROMIUM");
  if (!executable(chromium && *chromium ? chromium : "/usr/bin/chromium") ||
      !executable("/usr/bin/pdftoppm") || !executable("/usr/bin/pdftotext")) {
    GTEST_SKIP() << "needs Debian's chromium and poppler-utils (scripts/setup installs them)";
  }
  const policy::Library& lib = policy::testing::shipped_library();
  auto pdf = render_guide(lib, "us-il-chicago", "chicago-police", *policy::parse_date("2025-06-01"),
                          policy::Language::English, Format::Pdf);
  ASSERT_TRUE(pdf) << pdf.error().describe();
  ASSERT_EQ(pdf->substr(0, 5), "%PDF-");
  fs::path dir = fs::temp_directory_path() / ("trustgate-pdf-test-" + std::to_string(getpid()));
  fs::create_directories(dir);
  struct Cleanup {
    fs::path p;
    ~Cleanup() { fs::remove_all(p); }
  } cleanup{dir};
  std::ofstream(dir / "guide.pdf", std::ios::binary) << *pdf;
  const std::string q = "'" + dir.string() + "/";
  // Page 1 as PNG (the picture a reader sees) and as grey PGM (to count ink).
  ASSERT_EQ(
      sh("/usr/bin/pdftoppm -f 1 -l 1 -r 60 -png -singlefile " + q + "guide.pdf' " + q + "page1'"),
      0);
  ASSERT_EQ(
      sh("/usr/bin/pdftoppm -f 1 -l 1 -r 60 -gray -singlefile " + q + "guide.pdf' " + q + "page1'"),
      0);
  auto png = base::read_file(dir / "page1.png");
  ASSERT_TRUE(png);
  EXPECT_EQ(png->substr(1, 3), "PNG");
  auto pgm = base::read_file(dir / "page1.pgm");
  ASSERT_TRUE(pgm);
  // "P5\n<w> <h>\n255\n" then one byte per pixel.
  size_t header = 0;
  for (int lines = 0; lines < 3 && header < pgm->size(); ++header) lines += (*pgm)[header] == '\n';
  size_t dark = 0, pixels = pgm->size() - header;
  for (size_t i = header; i < pgm->size(); ++i) dark += static_cast<unsigned char>((*pgm)[i]) < 128;
  EXPECT_GT(pixels, 100000u);
  EXPECT_GT(dark, pixels / 200) << "the first page looks blank";
  EXPECT_LT(dark, pixels / 2);
  // The text of the first page: the summary table's headings (a heading may
  // wrap within its cell: runs of white space read as one space).
  ASSERT_EQ(sh("/usr/bin/pdftotext -f 1 -l 1 " + q + "guide.pdf' " + q + "page1.txt'"), 0);
  auto page1 = base::read_file(dir / "page1.txt");
  ASSERT_TRUE(page1);
  std::string words;
  for (char c : *page1) {
    bool space = c == ' ' || c == '\n' || c == '\f' || c == '\t';
    if (!space)
      words += c;
    else if (!words.empty() && words.back() != ' ')
      words += ' ';
  }
  const std::string* first = &words;
  for (const char* heading :
       {"Document", "Hold", "Tell the release date", "Let agents in", "Interview",
        "Share records or status", "Database access", "Help on the scene", "Detainer",
        "Notification request", "Administrative", "Judge's warrant or order", "Subpoena",
        "Phone call", "DECLINE", "CALL A SUPERVISOR"}) {
    EXPECT_NE(first->find(heading), std::string::npos) << heading << " not on page 1:\n" << *first;
  }
  // Every page: the disclaimer and the law's date.
  ASSERT_EQ(sh("/usr/bin/pdftotext " + q + "guide.pdf' " + q + "all.txt'"), 0);
  auto all = base::read_file(dir / "all.txt");
  ASSERT_TRUE(all);
  size_t pages = 1, disclaimers = 0, dates = 0;
  for (char c : *all) pages += c == '\f';
  for (size_t p = all->find("not legal advice"); p != std::string::npos;
       p = all->find("not legal advice", p + 1)) {
    ++disclaimers;
  }
  for (size_t p = all->find("law in force on 2025-06-01"); p != std::string::npos;
       p = all->find("law in force on 2025-06-01", p + 1)) {
    ++dates;
  }
  --pages;  // pdftotext ends the last page with a form feed too
  EXPECT_GE(pages, 1u + kDocuments);
  EXPECT_GE(disclaimers, pages);
  EXPECT_GE(dates, pages);
}

}  // namespace
}  // namespace trustgate::guide
