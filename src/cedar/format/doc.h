// Doc: a layout document for the formatter, after Wadler's "prettier
// printer" algebra, rendered with Lindig's strict algorithm.
//
// A document is text with possible line breaks. A group is laid out flat (on
// one line) when all of it, up to the next possible break after it, fits in
// the line width; otherwise its own lines break, and each nested group
// decides again. Hard lines always break and force every group around them
// to break. Indentation is written lazily, so lines never end in spaces and
// consecutive line breaks collapse into one (two for a blank line).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cedar::format {

class Doc {
 public:
  enum class Kind : uint8_t {
    Text,       // text, possibly with line breaks inside (multi-line strings)
    Space,      // " ", except at the start of a line
    Line,       // " " when flat, a line break when broken
    SoftLine,   // nothing when flat, a line break when broken
    HardLine,   // always a line break
    BlankLine,  // a line break that leaves one empty line
    Concat,     // parts one after another
    Nest,       // part indented by `indent` more after each line break
    Group,      // part laid out flat if it fits
  };

  Doc() = default;  // the empty document
  static Doc text(std::string s);
  static Doc space() { return Doc(Kind::Space); }
  static Doc line() { return Doc(Kind::Line); }
  static Doc softline() { return Doc(Kind::SoftLine); }
  static Doc hardline();
  static Doc blankline();
  static Doc nest(int indent, Doc d);
  static Doc group(Doc d);

  Doc& operator+=(Doc d);
  friend Doc operator+(Doc a, Doc b) { return std::move(a += std::move(b)); }

  bool empty() const { return kind_ == Kind::Concat && parts_.empty(); }
  // True when the document contains a hard line or blank line.
  bool has_hard_line() const { return hard_; }

 private:
  explicit Doc(Kind k) : kind_(k) {}
  friend class Renderer;

  Kind kind_ = Kind::Concat;
  bool hard_ = false;
  int indent_ = 0;
  std::string text_;
  std::vector<Doc> parts_;
};

// Lays `doc` out within `width` columns (a preference: text wider than the
// line is never split). The result has no trailing line break.
std::string render(const Doc& doc, int width);

// Display width of UTF-8 text: the number of code points.
int text_width(std::string_view s);

}  // namespace cedar::format
