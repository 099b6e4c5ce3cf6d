// SPDX-License-Identifier: BSD-2-Clause
/* hello.cpp - hello in C++: a class, a virtual call and the C library's printf. */
#include <cstdio>

namespace {

struct Greeter {
	virtual ~Greeter() = default;
	virtual const char *language() const = 0;
	void greet() const { std::printf("Hello from a BareMetal-C %s program!\n", language()); }
};

struct CxxGreeter final : Greeter {
	const char *language() const override { return "C++"; }
};

}

int main()
{
	const Greeter &g = CxxGreeter();
	g.greet();
	return 0;
}
