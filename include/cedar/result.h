// Error and Result: how every engine function reports failure.
//
// Library code never throws across its public API and never prints; it
// returns an Error the caller can show. Result<T> holds either a T or an
// Error (never both, never neither).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>

namespace cedar {

// A position in a source text. Lines and columns start at 1; 0 means unknown.
struct SourceLoc {
  uint32_t offset = 0;
  uint32_t line = 0;
  uint32_t column = 0;
};

struct Error {
  std::string message;
  SourceLoc loc;  // where in the input, when the error comes from parsing text

  // "line:column: message" when the location is known, else the message.
  std::string describe() const {
    if (loc.line == 0) return message;
    return std::to_string(loc.line) + ":" + std::to_string(loc.column) + ": " + message;
  }
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}      // NOLINT
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const& { return std::get<1>(state_); }
  Error&& error() && { return std::get<1>(std::move(state_)); }

 private:
  std::variant<T, Error> state_;
};

// Result of an operation that yields nothing but may fail.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)), failed_(true) {}  // NOLINT
  static Status Ok() { return Status(); }

  bool ok() const { return !failed_; }
  explicit operator bool() const { return ok(); }
  const Error& error() const { return error_; }

 private:
  Error error_;
  bool failed_ = false;
};

}  // namespace cedar
