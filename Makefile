# The two commands of the README:
#   make run    install what is missing, build, and build the graph of seeds/ into out/
#   make test   install what is missing, build, and run every test through ctest
# and  make install   copies build/kg to $(PREFIX)/bin (default /usr/local/bin)
BUILD  ?= build
JOBS   ?= $(shell nproc)
OUT    ?= out
PREFIX ?= /usr/local

.PHONY: all build run test test-asan fuzz bench clean format install uninstall

all: build

build:
	@scripts/setup.sh

run: build
	$(BUILD)/kg build seeds -o $(OUT)

# kg on the PATH: the examples of the README and of `kg --help` say `kg`.
# The lexicon and rule data are read from this checkout (their paths are
# compiled in), so keep it where it was built.
install: build
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(BUILD)/kg $(DESTDIR)$(PREFIX)/bin/kg
	@echo "installed $(DESTDIR)$(PREFIX)/bin/kg"

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/kg

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The whole suite under AddressSanitizer and UndefinedBehaviorSanitizer (.ci/run runs it too).
test-asan:
	@scripts/setup.sh --deps
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKG_SANITIZE=ON -DKG_BUILD_TESTS=ON >/dev/null
	cmake --build build-asan -j $(JOBS)
	cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j $(JOBS)

# Every libFuzzer target (tests/fuzz/) for FUZZ_SECONDS each, built with clang,
# ASan and UBSan under build-fuzz/. A crash names its input; keep it under
# tests/fuzz/corpus/TARGET/ so `make test` replays it.
FUZZ_SECONDS ?= 60
fuzz:
	@scripts/setup.sh --deps --fuzz
	CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKG_FUZZ=ON >/dev/null
	cmake --build build-fuzz -j $(JOBS)
	tests/fuzz/run.sh build-fuzz $(FUZZ_SECONDS)

bench: build
	bench/run.sh

format:
	clang-format -i $$(git ls-files '*.cpp' '*.h')

clean:
	rm -rf $(BUILD) build-asan build-fuzz
