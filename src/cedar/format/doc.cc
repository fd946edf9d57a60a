// Doc construction and rendering. See doc.h.
#include "format/doc.h"

#include <algorithm>

namespace cedar::format {

Doc Doc::text(std::string s) {
  Doc d(Kind::Text);
  d.text_ = std::move(s);
  return d;
}

Doc Doc::hardline() {
  Doc d(Kind::HardLine);
  d.hard_ = true;
  return d;
}

Doc Doc::blankline() {
  Doc d(Kind::BlankLine);
  d.hard_ = true;
  return d;
}

Doc Doc::nest(int indent, Doc inner) {
  Doc d(Kind::Nest);
  d.indent_ = indent;
  d.hard_ = inner.hard_;
  d.parts_.push_back(std::move(inner));
  return d;
}

Doc Doc::group(Doc inner) {
  Doc d(Kind::Group);
  d.hard_ = inner.hard_;
  d.parts_.push_back(std::move(inner));
  return d;
}

Doc& Doc::operator+=(Doc d) {
  if (d.empty()) return *this;
  if (kind_ != Kind::Concat) {
    Doc self = std::move(*this);
    *this = Doc();
    parts_.push_back(std::move(self));
    hard_ = parts_.back().hard_;
  }
  hard_ = hard_ || d.hard_;
  if (d.kind_ == Kind::Concat) {
    for (Doc& part : d.parts_) parts_.push_back(std::move(part));
  } else {
    parts_.push_back(std::move(d));
  }
  return *this;
}

int text_width(std::string_view s) {
  int n = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

// Lindig's algorithm: a stack of (indent, flat?, doc) commands; a group is
// flat when it fits, which is measured on the group in flat mode followed by
// the rest of the stack up to its next line break.
class Renderer {
 public:
  explicit Renderer(int width) : width_(width) {}

  std::string run(const Doc& root) {
    stack_.push_back({0, false, &root});
    while (!stack_.empty()) {
      Cmd cmd = stack_.back();
      stack_.pop_back();
      step(cmd);
    }
    return std::move(out_);
  }

 private:
  struct Cmd {
    int indent;
    bool flat;
    const Doc* doc;
  };

  void step(const Cmd& cmd) {
    const Doc& d = *cmd.doc;
    switch (d.kind_) {
      case Doc::Kind::Text:
        write(d.text_);
        break;
      case Doc::Kind::Space:
        space();
        break;
      case Doc::Kind::Line:
        cmd.flat ? space() : newline(cmd.indent, 1);
        break;
      case Doc::Kind::SoftLine:
        if (!cmd.flat) newline(cmd.indent, 1);
        break;
      case Doc::Kind::HardLine:
        newline(cmd.indent, 1);
        break;
      case Doc::Kind::BlankLine:
        newline(cmd.indent, 2);
        break;
      case Doc::Kind::Concat:
        for (auto it = d.parts_.rbegin(); it != d.parts_.rend(); ++it) {
          stack_.push_back({cmd.indent, cmd.flat, &*it});
        }
        break;
      case Doc::Kind::Nest:
        stack_.push_back({cmd.indent + d.indent_, cmd.flat, &d.parts_[0]});
        break;
      case Doc::Kind::Group: {
        bool flat = cmd.flat || (!d.hard_ && fits({cmd.indent, true, &d.parts_[0]}));
        stack_.push_back({cmd.indent, flat, &d.parts_[0]});
        break;
      }
    }
  }

  // Whether `first` (flat) and the rest of the stack up to the next line
  // break fit in what remains of the current line.
  bool fits(Cmd first) const {
    int remaining = width_ - col_;
    std::vector<Cmd> local{first};
    size_t rest = stack_.size();
    while (remaining >= 0) {
      if (local.empty()) {
        if (rest == 0) return true;
        local.push_back(stack_[--rest]);
      }
      Cmd cmd = local.back();
      local.pop_back();
      const Doc& d = *cmd.doc;
      switch (d.kind_) {
        case Doc::Kind::Text: {
          size_t nl = d.text_.find('\n');
          remaining -= text_width(std::string_view(d.text_).substr(0, nl));
          if (nl != std::string::npos) return remaining >= 0;
          break;
        }
        case Doc::Kind::Space:
          remaining -= 1;
          break;
        case Doc::Kind::Line:
        case Doc::Kind::SoftLine:
          if (!cmd.flat) return true;
          remaining -= d.kind_ == Doc::Kind::Line ? 1 : 0;
          break;
        case Doc::Kind::HardLine:
        case Doc::Kind::BlankLine:
          return true;
        case Doc::Kind::Concat:
          for (auto it = d.parts_.rbegin(); it != d.parts_.rend(); ++it) {
            local.push_back({cmd.indent, cmd.flat, &*it});
          }
          break;
        case Doc::Kind::Nest:
        case Doc::Kind::Group:
          local.push_back({cmd.indent, cmd.flat && !d.hard_, &d.parts_[0]});
          break;
      }
    }
    return false;
  }

  void write(const std::string& s) {
    if (s.empty()) return;
    if (newlines_ > 0) {
      if (!out_.empty()) out_.append(static_cast<size_t>(newlines_), '\n');
      newlines_ = 0;
      line_start_ = true;
    }
    if (line_start_) {
      out_.append(static_cast<size_t>(indent_), ' ');
      line_start_ = false;
    } else if (space_) {
      out_ += ' ';
    }
    space_ = false;
    out_ += s;
    size_t nl = s.rfind('\n');
    col_ = nl == std::string::npos ? col_ + text_width(s)
                                   : text_width(std::string_view(s).substr(nl + 1));
  }

  void space() {
    if (newlines_ > 0 || line_start_ || space_) return;
    space_ = true;
    col_ += 1;
  }

  void newline(int indent, int count) {
    newlines_ = std::max(newlines_, count);
    indent_ = indent;
    space_ = false;
    col_ = indent;
  }

  int width_;
  std::vector<Cmd> stack_;
  std::string out_;
  int col_ = 0;
  int indent_ = 0;    // indentation of the current line
  int newlines_ = 0;  // line breaks owed before the next text
  bool line_start_ = true;
  bool space_ = false;  // a space owed before the next text on this line
};

std::string render(const Doc& doc, int width) { return Renderer(width).run(doc); }

}  // namespace cedar::format
