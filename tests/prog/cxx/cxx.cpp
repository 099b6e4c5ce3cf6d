// SPDX-License-Identifier: BSD-2-Clause
/* cxx.cpp - C++ on the guest (tests/system/test_libc.py): global constructors once each
 * and in order (init_priority across two files, then this file's in declaration order),
 * virtual dispatch, templates, new and delete over malloc, a function-local static, and
 * at exit the atexit handler and the destructors in reverse order, after main returns.
 * Checks print TAP lines through printf; the host checks the order of every line. The
 * byte after "cxx-end:" picks the end: 'r' returns from main, 'a' calls abort(), which
 * runs neither atexit handlers nor destructors. */
#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>
#include "trace.h"

static int n_first, n_second, n_third, n_fourth;
static int checks, failed;

static void ok(bool cond, const char *what)
{
	++checks;
	failed += !cond;
	std::printf("%s %d - %s\n", cond ? "ok" : "not ok", checks, what);
}

/* Declared out of priority order: the priorities, not the lines, decide. */
static Trace second __attribute__((init_priority(120)))("second", &n_second);
static Trace first __attribute__((init_priority(110)))("first", &n_first);
static Trace third("third", &n_third);
static Trace fourth("fourth", &n_fourth);

__attribute__((constructor(130))) static void c_constructor(void)
{
	std::printf("ctor c-constructor\n");
}

__attribute__((destructor(130))) static void c_destructor(void)
{
	std::printf("dtor c-destructor\n");
}

struct Shape {
	virtual ~Shape() { std::printf("dtor Shape\n"); }
	virtual double area() const = 0;
	virtual const char *name() const { return "shape"; }
};

struct Rect : Shape {
	double w, h;
	Rect(double w_, double h_) : w(w_), h(h_) {}
	~Rect() override { std::printf("dtor Rect\n"); }
	double area() const override { return w * h; }
	const char *name() const override { return "rect"; }
};

struct Square final : Rect {
	explicit Square(double s) : Rect(s, s) {}
	~Square() override { std::printf("dtor Square\n"); }
	const char *name() const override { return "square"; }
};

template <typename T, std::size_t N>
class Stack {
	std::array<T, N> items{};
	std::size_t n = 0;
public:
	bool push(const T &v)
	{
		if (n == N)
			return false;
		items[n++] = v;
		return true;
	}
	T pop() { return items[--n]; }
	std::size_t size() const { return n; }
};

template <typename T>
T sum(std::initializer_list<T> xs)
{
	T s{};
	for (const T &x : xs)
		s += x;
	return s;
}

static int live;
struct Counted {
	int v;
	Counted() : v(7) { ++live; }
	~Counted() { --live; }
};

static Trace &local_static()
{
	static int count;
	static Trace t("local-static", &count);
	return t;
}

static void at_exit_handler(void)
{
	std::printf("atexit handler\n");
}

static volatile const char end_mode[] = "cxx-end:r";

int main()
{
	std::printf("main start\n");
	ok(n_first == 1 && n_second == 1 && n_third == 1 && n_fourth == 1 && other_count == 1,
	   "each global constructed once, before main");

	Shape *shapes[] = { new Rect(2, 3), new Square(4) };
	ok(shapes[0]->area() == 6.0 && shapes[1]->area() == 16.0, "virtual area()");
	ok(!std::strcmp(shapes[0]->name(), "rect") && !std::strcmp(shapes[1]->name(), "square"),
	   "virtual name() through the base");
	delete shapes[1];   /* dtor Square, Rect, Shape */
	delete shapes[0];   /* dtor Rect, Shape */

	Stack<int, 4> st;
	bool pushed = st.push(1) && st.push(2) && st.push(3) && st.push(4) && !st.push(5);
	ok(pushed && st.size() == 4 && st.pop() == 4 && st.pop() == 3, "template class Stack<int, 4>");
	ok(sum({ 1, 2, 3 }) == 6 && sum({ 0.5, 0.25 }) == 0.75, "function template sum<T>");

	Counted *many = new Counted[100];
	ok(live == 100 && many[99].v == 7, "new[] constructs 100 objects");
	delete[] many;
	ok(live == 0, "delete[] destroys them");
	void *raw = ::operator new(1 << 20);
	Counted *placed = new (raw) Counted;
	ok(raw && placed->v == 7, "operator new 1 MiB and placement new");
	placed->~Counted();
	::operator delete(raw);
	int *none = new (std::nothrow) int[(std::size_t)1 << 60];
	ok(none == nullptr, "new (std::nothrow) of 8 EiB returns nullptr");
	auto moved = std::make_pair(3, 4.5);
	ok(moved.first == 3 && moved.second == 4.5, "std::pair from <utility>");

	ok(&local_static() == &local_static(), "function-local static constructed once");
	std::atexit(at_exit_handler);
	std::printf("# checks=%d failed=%d\n", checks, failed);
	if (end_mode[8] == 'a') {
		std::printf("main abort\n");
		std::abort();
	}
	std::printf("main return\n");
	return failed;
}
