"""``manage.py export`` — write exports to files, through the exporter registry.

    $ python manage.py export leaflet-pdf --slug sciatica --output exports/
    $ python manage.py export leaflet-pdf --resource treatments --all --output exports/
    $ python manage.py export leaflet-pdf --all --option paper=a5 --output exports/
    $ python manage.py export rss --resource conditions --output exports/

Item exporters write one file per page (``--slug`` or ``--all``); collection exporters
write one file for the resource. With ``--all``, slow exporters (leaflets) render in a
pool of processes, one per core unless ``--jobs`` says otherwise.
"""

import os
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from tqdm import tqdm

from exporters.base import Exporter
from exporters.exports import (
    ItemNotFound,
    build_context,
    export_item,
    find_item,
    public_queryset,
)
from exporters.registry import UnknownExporter, get_registry


class Command(BaseCommand):
    help = "Export content to files with an installed exporter (see GET /api/v1/exporters/)."

    def add_arguments(self, parser):
        parser.add_argument("exporter", help="Exporter name, e.g. leaflet-pdf or rss.")
        parser.add_argument(
            "--resource",
            help="conditions, symptoms, treatments or case-studies "
            "(default: conditions, or the exporter's only resource).",
        )
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--slug", help="Export the one page with this slug.")
        which.add_argument(
            "--all", action="store_true", help="Export every public page."
        )
        parser.add_argument("--output", required=True, help="Folder to write into.")
        parser.add_argument(
            "--option",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help="An exporter option, e.g. paper=a5 or large_print=true (repeatable).",
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=os.cpu_count() or 1,
            help="Processes for --all with slow exporters (default: one per core).",
        )
        parser.add_argument(
            "--limit",
            type=int,
            help="With --all, export only the first N pages by slug (for trials).",
        )
        parser.add_argument(
            "--fresh",
            action="store_true",
            help="Render again even if the export store holds the file.",
        )

    def handle(self, *args, **options):
        exporter, resource = self.choose(options["exporter"], options["resource"])
        exporter_options = self.clean_options(exporter, options["option"])
        output = self.prepare_output(options["output"])
        started = time.perf_counter()

        if exporter.scope == Exporter.COLLECTION:
            # --all is what a collection export is anyway, so it is accepted.
            if options["slug"]:
                raise CommandError(
                    f"'{exporter.name}' exports a whole collection; leave out --slug"
                )
            count, jobs = (
                self.export_collection(exporter, resource, exporter_options, output),
                1,
            )
        else:
            if not (options["slug"] or options["all"]):
                raise CommandError("say which pages: --slug SLUG or --all")
            if options["limit"] is not None and options["limit"] < 1:
                raise CommandError("--limit must be 1 or more")
            if options["slug"]:
                try:
                    pages = [find_item(exporter, resource, options["slug"])]
                except ItemNotFound as missing:
                    raise CommandError(str(missing)) from None
            else:
                pages = public_queryset(resource, exporter).order_by("slug")
                pages = list(pages[: options["limit"]] if options["limit"] else pages)
            jobs = max(1, min(options["jobs"], len(pages))) if exporter.stored else 1
            if _in_memory_database():
                jobs = 1  # forked processes cannot share an in-memory database
            count = self.export_items(
                exporter, resource, pages, exporter_options, output,
                jobs=jobs, use_store=not options["fresh"],
                progress=options["verbosity"] > 0,
            )  # fmt: skip

        elapsed = time.perf_counter() - started
        rate = f", {count / elapsed:.1f} files/s" if count and elapsed else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"Exported {count} file{'s' if count != 1 else ''} with {exporter.name} "
                f"to {output} in {elapsed:.2f} s{rate}"
                + (f" ({jobs} processes)" if jobs > 1 else "")
            )
        )

    def choose(self, name, resource):
        registry = get_registry()
        try:
            exporter = registry.get(name)
        except UnknownExporter as unknown:
            raise CommandError(str(unknown)) from None
        if resource is None:
            resource = (
                "conditions"
                if exporter.accepts("conditions")
                else (exporter.resources[0] if exporter.resources else "conditions")
            )
        try:
            registry.get_for(name, resource)
        except UnknownExporter as refused:
            raise CommandError(str(refused)) from None
        return exporter, resource

    def clean_options(self, exporter, pairs):
        raw = {}
        for pair in pairs:
            key, sep, value = pair.partition("=")
            if not sep or not key:
                raise CommandError(f"--option takes NAME=VALUE; got '{pair}'")
            raw[key.strip()] = value.strip()
        try:
            return exporter.clean_options(raw)
        except ValueError as invalid:
            raise CommandError(str(invalid)) from None

    def prepare_output(self, folder):
        output = Path(folder)
        try:
            output.mkdir(parents=True, exist_ok=True)
        except OSError as problem:
            raise CommandError(
                f"cannot create output folder {output}: {problem}"
            ) from None
        if not os.access(output, os.W_OK):
            raise CommandError(f"cannot write to output folder {output}")
        return output

    def export_collection(self, exporter, resource, options, output):
        pages = public_queryset(resource, exporter).order_by("-last_published_at", "pk")
        items = list(pages.specific())  # newest first, as the API serves feeds
        context = build_context(resource, options)
        content = exporter.render(items, context)
        name = f"{resource}.{exporter.extension}" if exporter.extension else resource
        (output / name).write_bytes(content)
        return 1

    def export_items(self, exporter, resource, pages, options, output, *, jobs,
                     use_store, progress):  # fmt: skip
        bar = tqdm(
            total=len(pages),
            unit="file",
            desc=exporter.name,
            disable=not progress,
            file=self.stderr._out,  # the raw stream: the wrapper would add newlines
        )
        with bar:
            if jobs == 1:
                context = build_context(resource, options)
                for page in pages:
                    _write(exporter, resource, page.specific, options, output,
                           use_store, context)  # fmt: skip
                    bar.update()
                return len(pages)
            # Children get a copy of the loaded registry; each opens its own database
            # connection, so none may be inherited open.
            connections.close_all()
            work = [
                (exporter.name, resource, page.pk, options, str(output), use_store)
                for page in pages
            ]
            with ProcessPoolExecutor(jobs, mp_context=get_context("fork")) as pool:
                for _ in pool.map(_export_in_child, work, chunksize=4):
                    bar.update()
        return len(pages)


def _in_memory_database():
    connection = connections["default"]
    return connection.vendor == "sqlite" and connection.is_in_memory_db()


def _write(exporter, resource, page, options, output, use_store, context=None):
    exported = export_item(
        exporter, resource, page, options, use_store=use_store, context=context
    )
    (Path(output) / exported.filename).write_bytes(exported.content)
    return exported.filename


def _export_in_child(work):
    name, resource, page_id, options, output, use_store = work
    exporter = get_registry().get(name)
    page = public_queryset(resource, exporter).get(pk=page_id).specific
    return _write(exporter, resource, page, options, output, use_store)
