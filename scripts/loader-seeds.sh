#!/bin/sh
# Regenerates the seed corpus of the module loader's fuzz tests (kernel/.../ModuleLoaderFuzzTests)
# from examples/hello and examples/chardev, built by zeptuxc module against the current kernel.
# Run after `make build` (or `mvn -B -q package -DskipTests`); review and commit the changes.
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for m in hello chardev; do
    javac --release 17 -cp runtime/target/classes:kernel/target/classes -d "$tmp/$m" examples/$m/*.java
    ./zeptuxc module -cp "$tmp/$m" --kernel kernel/target/classes -o "$tmp/$m.zm"
done
mvn -B -q test-compile -pl kernel -am
java -cp runtime/target/classes:kernel/target/classes:kernel/target/ktest-classes:kernel/target/test-classes \
    org.zeptux.kernel.module.LoaderSeeds \
    kernel/src/test/resources/org/zeptux/kernel/module/ModuleLoaderFuzzTestsInputs "$tmp/hello.zm" "$tmp/chardev.zm"
