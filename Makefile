# Zeptux: thin wrappers over Maven. `make help` lists the targets.

MVN   ?= mvn
QEMU  ?= qemu-system-x86_64
MEM   ?= 128M
# make qemu boots the system (init and busybox); make monitor the kernel alone, at its monitor.
IMAGE := kernel/target/zeptux-system.img
MONITOR_IMAGE := kernel/target/zeptux.img
GDBPORT ?= 1234

.PHONY: help tools build qemu monitor qemu-gdb gdb test test-hosted fuzz fuzz-loader fuzz-kernel bench bench-update clean modules

# Kernel modules built from examples/ by `make modules` (see docs/modules.md); the unsafe ones
# use the raw API and are built with `zeptuxc module --unsafe`.
MODULE_EXAMPLES := hello chardev
UNSAFE_MODULES  := chardev

FIRST ?= 1
COUNT ?= 200
# make fuzz-loader: the Jazzer target (archive, manifest, elf, pipeline; cpio: the initramfs reader; unpack: the initramfs unpacker; exec: the executable reader; ext2: ext2 images; mbr: the partition table parser) and how long to fuzz it.
TARGET ?= pipeline
DURATION ?= 10m
JACOCO := 0.8.12
# make fuzz-kernel: how many mutants of hello.zm, from which seed.
MUTANTS ?= 400
SEED ?= 1

help:
	@echo "make qemu    build everything and boot the system in QEMU: init, a busybox shell on the console (serial"
	@echo "             on this terminal; MEM=1G for more RAM); 'poweroff' ends it; Ctrl-A b then x: the monitor"
	@echo "make monitor build and boot the kernel alone, at its monitor ($(MONITOR_IMAGE))"
	@echo "make qemu-gdb  as make qemu, but QEMU waits for gdb on 127.0.0.1:$(GDBPORT); then, in another terminal:"
	@echo "make gdb     gdb with the kernel's symbols and Java sources (scripts/zeptux.gdb), connected to QEMU"
	@echo "make test    unit tests on the JVM and boot tests under QEMU (mvn -B verify)"
	@echo "make test-hosted  the hosted test programs and the differential suite inside one Zeptux boot (HostedOnZeptuxIT)"
	@echo "make build   build zeptuxc, init and the images ($(IMAGE), $(MONITOR_IMAGE)) without running tests"
	@echo "make fuzz    random programs on the JVM vs natively (FIRST=1 COUNT=200 by default)"
	@echo "make fuzz-loader  coverage-guided fuzzing of the module loader's parser on the JVM (Jazzer; TARGET=pipeline DURATION=10m)"
	@echo "make fuzz-kernel  MUTANTS=400 malformed modules loaded by the kernel under QEMU (SEED=1)"
	@echo "make bench   zeptuxc vs clang -O2 vs HotSpot, compile speed, boot time, user mode vs Linux 6.1 -> build/bench/results.md"
	@echo "make bench-update  copy make bench's results into bench/results.md, results.csv and README.md's table"
	@echo "make tools   check and install the host tools (nasm, LLVM 19, lld 19, QEMU, gdb, musl-gcc, busybox)"
	@echo "make modules build the example modules and build/zeptux-modules.img (hello linked in, chardev packed for insmod);"
	@echo "             boot it with: make qemu IMAGE=build/zeptux-modules.img"
	@echo "make clean   remove build output"

tools:
	@scripts/host-tools.sh

# Only what the images need (runtime, compiler, kernel, userland: no it/, no tests, no test kernel, not the
# hosted suite that only it/'s HostedOnZeptuxIT runs); zeptuxc --if-changed skips the compile and
# image steps whose inputs are unchanged, so a build with nothing changed is quick.
build: tools
	$(MVN) -B -q package -Dmaven.test.skip=true -Dzeptux.skipKtest=true -Dzeptux.skipHostedOnZeptux -pl kernel,userland -am

# isa-debug-exit: `poweroff` makes QEMU exit with 33, a kernel panic with 35, a boot failure with 37.
# The serial port is behind QEMU's multiplexer: Ctrl-A b sends a BREAK (then a key: the magic SysRq,
# x for the monitor, h for the list), Ctrl-A x kills QEMU.
qemu: build
	@echo "Booting $(IMAGE) ('poweroff' to quit; Ctrl-A b then x: the monitor; Ctrl-A x kills QEMU)"
	@$(QEMU) -accel tcg -M pc -m $(MEM) -drive file=$(IMAGE),format=raw \
		-serial mon:stdio -display none -no-reboot \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04; \
	status=$$?; \
	case $$status in \
		33) echo "Zeptux powered off." ;; \
		0) echo "Zeptux reset the machine (QEMU ends at a reset: -no-reboot)." ;; \
		35) echo "Zeptux panicked (QEMU exit status 35)." >&2; exit 1 ;; \
		37) echo "Zeptux failed to boot (QEMU exit status 37)." >&2; exit 1 ;; \
		*) echo "QEMU exited with status $$status." >&2; exit 1 ;; \
	esac

# The kernel alone: its monitor on the console (the image the boot tests use).
monitor:
	@$(MAKE) --no-print-directory qemu IMAGE=$(MONITOR_IMAGE)

# QEMU stopped before the first instruction, waiting for gdb (make gdb) on GDBPORT.
qemu-gdb: build
	@echo "QEMU waits for gdb on 127.0.0.1:$(GDBPORT): run 'make gdb' in another terminal"
	@$(QEMU) -accel tcg -M pc -m $(MEM) -drive file=$(IMAGE),format=raw \
		-serial mon:stdio -display none -no-reboot \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 -gdb tcp:127.0.0.1:$(GDBPORT) -S; true

gdb:
	gdb -q -x scripts/zeptux.gdb -ex "target remote 127.0.0.1:$(GDBPORT)"

test: tools
	$(MVN) -B verify

# The compiler's hosted test programs and the differential suite, built hosted, run inside one Zeptux
# boot and compared with their output on this host (compiler/target/hosted-suite; not in make test
# until the kernel's run command exists). Only that IT runs: no unit tests, no test kernel.
test-hosted: tools
	$(MVN) -B verify -pl it -am -Dzeptux.skipKtest=true -Dit.test=HostedOnZeptuxIT \
		-Dtest=None -Dsurefire.failIfNoSpecifiedTests=false

# Differential fuzzing: random dialect programs, seeds FIRST .. FIRST+COUNT-1, JVM vs hosted target.
fuzz: tools
	$(MVN) -B -q install -DskipTests
	$(MVN) -B test -pl compiler -Dtest=FuzzTests -Dsurefire.failIfNoSpecifiedTests=false \
		-Dzeptux.fuzz.first=$(FIRST) -Dzeptux.fuzz.count=$(COUNT)

# Module loader fuzzing (docs/modules.md, "Fuzzing"). Crashes land in kernel/src/test/resources/.../
# ModuleLoaderFuzzTestsInputs/TARGET/ (regression cases from then on), the grown corpus in kernel/.cifuzz-corpus/;
# then the whole corpus is replayed under JaCoCo for the coverage of the loader's parser.
fuzz-loader:
	JAZZER_FUZZ=1 JAZZER_MAX_DURATION=$(DURATION) \
		$(MVN) -B test -pl kernel -am -Dtest='$(if $(filter ext2,$(TARGET)),Ext2FuzzTests#mount,$(if $(filter cpio,$(TARGET)),CpioFuzzTests#entries,$(if $(filter unpack,$(TARGET)),InitramfsFuzzTests#unpack,$(if $(filter exec,$(TARGET)),ElfExecutableFuzzTests#headers,$(if $(filter mbr,$(TARGET)),MbrFuzzTests#tables,ModuleLoaderFuzzTests#$(TARGET))))))' \
		-Dsurefire.failIfNoSpecifiedTests=false
	$(MVN) -B -q org.jacoco:jacoco-maven-plugin:$(JACOCO):prepare-agent test org.jacoco:jacoco-maven-plugin:$(JACOCO):report \
		-pl kernel -am -Dtest=ModuleLoaderCorpusTests -Dsurefire.failIfNoSpecifiedTests=false
	scripts/loader-coverage.sh

fuzz-kernel: tools
	$(MVN) -B verify -pl it -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ModuleFuzzIT \
		-Dzeptux.fuzz.kernel.count=$(MUTANTS) -Dzeptux.fuzz.kernel.seed=$(SEED)

# Benchmarks (about ten minutes): writes build/bench/results.md, results.csv and readme-table.md.
bench: build
	scripts/bench.sh

# The committed figures change only on purpose: build/bench's results into bench/ and README.md.
bench-update:
	java bench/Bench.java --update

modules: build
	@mkdir -p build
	@for m in $(MODULE_EXAMPLES); do \
		rm -rf build/$$m && \
		case " $(UNSAFE_MODULES) " in *" $$m "*) unsafe=--unsafe;; *) unsafe=;; esac; \
		javac --release 17 -cp runtime/target/classes:kernel/target/classes -d build/$$m examples/$$m/*.java && \
		./zeptuxc module $$unsafe -cp build/$$m --kernel kernel/target/classes -o build/$$m.zm || exit 1; \
	done
	./zeptuxc image --boot boot --linker-script linker.ld --module build/hello.zm --pack build/chardev.zm \
		-o build/zeptux-modules.img kernel/target/kernel.o

clean:
	$(MVN) -B -q clean
	rm -rf build
