#!/usr/bin/env bash
# bench/csv/run.sh — CSV formatting of export rows on one core: hand-written, a CSVPrinter per
# field, and the export's way (RunQueries.csvRow). Needs commons-csv, commons-io and commons-codec
# in ~/.m2 (a build of master-war fetches them). Prints rows/s per round.
set -euo pipefail
cd "$(dirname "$0")"
m2="$HOME/.m2/repository"
cp="$(ls "$m2"/org/apache/commons/commons-csv/1.14.1/commons-csv-1.14.1.jar)"
cp="$cp:$(ls "$m2"/commons-io/commons-io/*/commons-io-*.jar | tail -1)"
cp="$cp:$(ls "$m2"/commons-codec/commons-codec/*/commons-codec-*.jar | tail -1)"
out="$(mktemp -d)"
javac -d "$out" -cp "$cp" CsvBench.java
java -cp "$out:$cp" CsvBench
rm -rf "$out"
