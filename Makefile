# The two commands of the README:
#   make run    install what is missing, build, and build the graph of seeds/ into exports/
#   make test   install what is missing, build, and run every test through ctest
BUILD ?= build
JOBS  ?= $(shell nproc)

.PHONY: all build run test bench clean format

all: build

build:
	@scripts/setup.sh

run: build
	$(BUILD)/kg build seeds -o exports

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

bench: build
	bench/run.sh

format:
	clang-format -i $$(git ls-files '*.cpp' '*.h')

clean:
	rm -rf $(BUILD)
