"""Write ``a2e_async/_sync_api.py``: the typed blocking twins of the async API classes.

Run ``make sync-api`` (``python scripts/gen_sync.py``) after changing a public method of
``A2EClient`` or of a resource; ``--check`` only reports whether the file is current (a test
runs it). Nothing here is imported at run time.

How: starting at ``A2EClient``, every API area (a ``cached_property`` returning a class of
``a2e_async``) and every such class a method returns (``StreamingRoom``) gets a blocking
twin. Each public method is copied from its source as written: parameters, annotations and
defaults, with the names they use imported, type variables bound to the concrete model
(``TaskResource[Video].wait -> T`` becomes ``-> Video``), and the return type turned
blocking: ``async def -> R`` and ``-> Awaitable[R]`` give ``R``, ``AsyncIterator[T]`` gives
``Iterator[T]``, an ``@asynccontextmanager`` gives ``AbstractContextManager[T]``. The body is
one forwarding call through the bridge; the docstring is the async method's.
"""

from __future__ import annotations

import argparse
import ast
import builtins
import copy
import difflib
import functools
import importlib
import importlib.util
import inspect
import re
import subprocess
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "a2e_async" / "_sync_api.py"
PACKAGE = "a2e_async"

# Async machinery with no blocking meaning: members typed with these are left out.
SKIPPED_TYPES = {"TaskKind", "TaskWaiter"}
# The client's own lifecycle, which the facade replaces with close() and `with`.
SKIPPED_MEMBERS = {"aclose"}
# An aiohttp session belongs to the loop it was made on; the facade's loop is private.
SKIPPED_INIT_PARAMS = {"session"}
ROOT_NAME = "BlockingA2EClient"

ASYNC_ITERATORS = {
    ("collections.abc", "AsyncIterator"),
    ("collections.abc", "AsyncGenerator"),
    ("collections.abc", "AsyncIterable"),
    ("typing", "AsyncIterator"),
    ("typing", "AsyncGenerator"),
    ("typing", "AsyncIterable"),
}
AWAITABLES = {
    ("collections.abc", "Awaitable"),
    ("collections.abc", "Coroutine"),
    ("typing", "Awaitable"),
    ("typing", "Coroutine"),
}
LITERALS = {("typing", "Literal"), ("typing_extensions", "Literal")}
ANNOTATED = {("typing", "Annotated"), ("typing_extensions", "Annotated")}
TOKEN = re.compile(r"@(\d+)@")


class GenError(Exception):
    """The async API has a shape this generator cannot copy; says which and why."""


@dataclass(frozen=True, order=True)
class Symbol:
    """A name an annotation uses: ``name`` from ``module``, or the module itself."""

    module: str
    name: str | None = None

    def value(self) -> Any:
        module = importlib.import_module(self.module)
        return module if self.name is None else getattr(module, self.name, None)


class Scope:
    """What a name means in one module: its imports (``TYPE_CHECKING`` ones too), its own
    top-level definitions, then builtins."""

    def __init__(self, module_name: str) -> None:
        self.name = module_name
        self.module = importlib.import_module(module_name)
        package = (
            module_name if hasattr(self.module, "__path__") else module_name.rpartition(".")[0]
        )
        self.imports: dict[str, Symbol] = {}
        self.defined: set[str] = set()
        self._collect(ast.parse(inspect.getsource(self.module)).body, package)

    def _collect(self, body: list[ast.stmt], package: str) -> None:
        for node in body:
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        self.imports[alias.asname] = Symbol(alias.name)
                    else:
                        top = alias.name.partition(".")[0]
                        self.imports[top] = Symbol(top)
            elif isinstance(node, ast.ImportFrom):
                source = importlib.util.resolve_name(
                    "." * node.level + (node.module or ""), package
                )
                for alias in node.names:
                    self.imports[alias.asname or alias.name] = Symbol(source, alias.name)
            elif isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                self.defined.add(node.name)
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                self.defined.update(t.id for t in targets if isinstance(t, ast.Name))
            elif isinstance(node, (ast.If, ast.Try)):
                self._collect(node.body, package)
                for extra in (getattr(node, "orelse", []), getattr(node, "finalbody", [])):
                    self._collect(extra, package)

    def resolve(self, name: str) -> Symbol:
        if name in self.imports:
            return self.imports[name]
        if name in self.defined:
            return Symbol(self.name, name)
        if hasattr(builtins, name):
            return Symbol("builtins", name)
        raise GenError(f"{self.name}: cannot tell what {name!r} means")


@functools.cache
def _scope(module_name: str) -> Scope:
    return Scope(module_name)


@dataclass
class Param:
    name: str
    kind: str  # "posonly", "normal", "vararg", "kwonly", "kwarg"
    annotation: ast.expr | None
    default: ast.expr | None


@dataclass
class Member:
    """One member of a blocking class, ready to be written out."""

    name: str
    form: str  # "run", "iterate", "context", "call", "property", "area", "init"
    doc: str | None
    params: list[Param] = field(default_factory=list)
    returns: ast.expr | None = None
    wrap: str | None = None  # blocking class that wraps what the async member returns


class Generator:
    """Collects the blocking twins of ``package``'s classes, starting at one root class."""

    def __init__(self, package: str = PACKAGE, root_name: str = ROOT_NAME) -> None:
        self.package = package
        self.root_name = root_name
        self.symbols: list[Symbol] = []
        self.classes: dict[type, str] = {}  # async class -> blocking twin's name
        self.order: list[type] = []
        self.members: dict[type, list[Member]] = {}
        self.envs: dict[type, dict[type, dict[Any, ast.expr]]] = {}

    # -- names ------------------------------------------------------------------------------
    def token(self, symbol: Symbol) -> str:
        if symbol not in self.symbols:
            self.symbols.append(symbol)
        return f"@{self.symbols.index(symbol)}@"

    def symbol_of(self, node: ast.expr) -> Symbol | None:
        if isinstance(node, ast.Name) and (match := TOKEN.fullmatch(node.id)):
            return self.symbols[int(match.group(1))]
        if isinstance(node, ast.Attribute):
            base = self.symbol_of(node.value)
            if base is not None and base.name is None:
                return Symbol(base.module, node.attr)
        return None

    def resolve(self, node: ast.expr, scope: Scope, env: dict[Any, ast.expr]) -> ast.expr:
        """``node`` (from ``scope``'s source) with every name turned into a symbol token and
        every bound type variable replaced by its value."""
        generator = self

        class Resolver(ast.NodeTransformer):
            def visit_Name(self, name: ast.Name) -> ast.expr:
                symbol = scope.resolve(name.id)
                value = symbol.value()
                if isinstance(value, TypeVar):
                    if value not in env:
                        raise GenError(f"{scope.name}: type variable {name.id} is not bound")
                    return copy.deepcopy(env[value])
                return ast.Name(id=generator.token(symbol), ctx=ast.Load())

            def visit_Subscript(self, sub: ast.Subscript) -> ast.expr:
                value = self.visit(sub.value)
                symbol = generator.symbol_of(value)
                if symbol is not None and (symbol.module, symbol.name) in LITERALS:
                    return ast.Subscript(value=value, slice=sub.slice, ctx=ast.Load())
                if symbol is not None and (symbol.module, symbol.name) in ANNOTATED:
                    # Annotated[T, meta...]: T is a type; the metadata are plain values.
                    first, *meta = sub.slice.elts  # type: ignore[attr-defined]
                    items = [
                        self.visit(first),
                        *(generator.resolve_default(m, scope) for m in meta),
                    ]
                    return ast.Subscript(value=value, slice=ast.Tuple(items), ctx=ast.Load())
                return ast.Subscript(value=value, slice=self.visit(sub.slice), ctx=ast.Load())

            def visit_Constant(self, const: ast.Constant) -> ast.expr:
                if isinstance(const.value, str):  # a forward reference in an annotation
                    return self.visit(ast.parse(const.value, mode="eval").body)
                return const

        return Resolver().visit(copy.deepcopy(node))  # type: ignore[no-any-return]

    def resolve_default(self, node: ast.expr, scope: Scope) -> ast.expr:
        """A default value: names resolved, string constants kept as strings."""
        generator = self

        class Resolver(ast.NodeTransformer):
            def visit_Name(self, name: ast.Name) -> ast.expr:
                return ast.Name(id=generator.token(scope.resolve(name.id)), ctx=ast.Load())

        return Resolver().visit(copy.deepcopy(node))  # type: ignore[no-any-return]

    def wrappable(self, value: Any) -> bool:
        """A class of this package with public async methods: it gets a blocking twin."""
        if not isinstance(value, type) or not value.__module__.startswith(self.package + "."):
            return False
        if value.__name__ in SKIPPED_TYPES or value.__module__.startswith(f"{self.package}.models"):
            return False
        return any(
            not name.startswith("_")
            and (inspect.iscoroutinefunction(f) or inspect.isasyncgenfunction(inspect.unwrap(f)))
            for name, f in inspect.getmembers(value, inspect.isfunction)
        )

    def twin(self, cls: type) -> str:
        if cls not in self.classes:
            self.classes[cls] = self.root_name if not self.classes else cls.__name__
            if cls.__name__ in {c.__name__ for c in self.classes if c is not cls}:
                raise GenError(f"two async classes are named {cls.__name__}")
            self.order.append(cls)
            self.envs[cls] = self.class_envs(cls)
            self.members[cls] = self.collect(cls)
        return self.classes[cls]

    # -- classes ----------------------------------------------------------------------------
    def class_envs(self, cls: type) -> dict[type, dict[Any, ast.expr]]:
        """For ``cls`` and each base: the type variables its bases bind, as written."""
        envs: dict[type, dict[Any, ast.expr]] = {}

        def visit(klass: type, env: dict[Any, ast.expr]) -> None:
            if klass in envs or not klass.__module__.startswith(self.package + "."):
                return
            envs[klass] = env
            node = _class_node(klass)
            scope = _scope(klass.__module__)
            for base in node.bases:
                target, args = (
                    (base.value, base.slice) if isinstance(base, ast.Subscript) else (base, None)
                )
                base_cls = eval(ast.unparse(target), vars(scope.module))
                if not isinstance(base_cls, type) or base_cls.__module__ == "typing":
                    continue
                items = (
                    []
                    if args is None
                    else (list(args.elts) if isinstance(args, ast.Tuple) else [args])
                )
                params = getattr(base_cls, "__parameters__", ())
                visit(
                    base_cls,
                    {p: self.resolve(a, scope, env) for p, a in zip(params, items, strict=True)},
                )

        visit(cls, {})
        return envs

    def collect(self, cls: type) -> list[Member]:
        members: list[Member] = []
        seen: set[str] = set()
        if cls is self.order[0]:
            members.append(self.init_member(cls))
        for klass in cls.__mro__:
            if klass not in self.envs[cls]:
                continue
            for name, raw in vars(klass).items():
                if name.startswith("_") or name in seen or name in SKIPPED_MEMBERS:
                    continue
                seen.add(name)
                member = self.member(cls, klass, name, raw)
                if member is not None:
                    members.append(member)
            for name, annotation, doc in _init_attributes(klass):
                if name not in seen:
                    seen.add(name)
                    members.extend(self.attribute(klass, name, annotation, doc, cls))
        return members

    def attribute(
        self, klass: type, name: str, annotation: tuple[ast.expr, str], doc: str | None, cls: type
    ) -> list[Member]:
        node, module = annotation
        returns = self.resolve(node, _scope(module), self.envs[cls][klass])
        if self.mentions_skipped(returns):
            return []
        return [Member(name, "property", doc, returns=returns)]

    def member(self, cls: type, klass: type, name: str, raw: Any) -> Member | None:
        env = self.envs[cls][klass]
        if isinstance(raw, (staticmethod, classmethod)):
            raise GenError(f"{klass.__name__}.{name}: static and class methods are not copied yet")
        if isinstance(raw, (cached_property, property)):
            fn = raw.func if isinstance(raw, cached_property) else raw.fget
            assert fn is not None
            node = _function_node(fn)
            if node.returns is None:
                raise GenError(f"{klass.__name__}.{name}: no return annotation")
            returns = self.resolve(node.returns, _scope(fn.__module__), env)
            if self.mentions_skipped(returns):
                return None
            symbol = self.symbol_of(returns)
            target = symbol.value() if symbol else None
            if isinstance(raw, cached_property) and self.wrappable(target):
                return Member(
                    name, "area", inspect.getdoc(fn), returns=returns, wrap=self.twin(target)
                )
            return Member(name, "property", inspect.getdoc(fn), returns=returns)
        if not inspect.isfunction(raw):
            return None  # data: family descriptions, policies, kinds
        return self.method(klass, name, raw, env)

    def method(
        self, klass: type, name: str, fn: Callable[..., Any], env: dict[Any, ast.expr]
    ) -> Member:
        inner = inspect.unwrap(fn)
        node = _function_node(inner)
        where = f"{klass.__name__}.{name}"
        if node.returns is None:
            raise GenError(f"{where}: no return annotation")
        scope = _scope(inner.__module__)
        returns = self.resolve(node.returns, scope, env)
        decorators = {ast.unparse(d).rpartition(".")[2] for d in node.decorator_list}
        if "overload" in decorators or _has_overloads(fn):
            raise GenError(f"{where}: overloads are not copied yet")
        if "asynccontextmanager" in decorators:
            form, returns = "context", self.unwrap(returns, ASYNC_ITERATORS, where)
        elif inspect.isasyncgenfunction(inner):
            form, returns = "iterate", self.unwrap(returns, ASYNC_ITERATORS, where)
        elif inspect.iscoroutinefunction(inner):
            form = "run"
        elif self.outer(returns) in ASYNC_ITERATORS:
            form, returns = "iterate", self.unwrap(returns, ASYNC_ITERATORS, where)
        elif self.outer(returns) in AWAITABLES:
            form, returns = "run", self.unwrap(returns, AWAITABLES, where)
        else:
            form = "call"
        wrap = None
        symbol = self.symbol_of(returns)
        if symbol is not None and self.wrappable(symbol.value()):
            if form == "iterate":
                raise GenError(f"{where}: iterators of API objects are not wrapped yet")
            wrap = self.twin(symbol.value())
        params = self.params(node, scope, env, where)
        for param in params:
            if param.annotation is not None and self.mentions_wrappable(param.annotation):
                raise GenError(f"{where}: parameter {param.name} takes an async API object")
        if wrap is None and self.mentions_wrappable(returns):
            raise GenError(f"{where}: returns async API objects inside another type")
        return Member(name, form, inspect.getdoc(fn), params, returns, wrap)

    def init_member(self, cls: type) -> Member:
        init = vars(cls)["__init__"]
        params = self.params(_function_node(init), _scope(init.__module__), {}, cls.__name__)
        for param in params:
            if param.name in SKIPPED_INIT_PARAMS and param.default is None:
                raise GenError(f"{cls.__name__}: left-out parameter {param.name} has no default")
        return Member(
            "__init__", "init", None, [p for p in params if p.name not in SKIPPED_INIT_PARAMS]
        )

    def params(
        self,
        node: ast.FunctionDef | ast.AsyncFunctionDef,
        scope: Scope,
        env: dict[Any, ast.expr],
        where: str,
    ) -> list[Param]:
        args = node.args
        positional = [*args.posonlyargs, *args.args]
        defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults)) + list(
            args.defaults
        )
        out: list[Param] = []

        def add(arg: ast.arg, kind: str, default: ast.expr | None) -> None:
            annotation = (
                None if arg.annotation is None else self.resolve(arg.annotation, scope, env)
            )
            value = None if default is None else self.resolve_default(default, scope)
            out.append(Param(arg.arg, kind, annotation, value))

        for index, (arg, default) in enumerate(zip(positional, defaults, strict=True)):
            add(arg, "posonly" if index < len(args.posonlyargs) else "normal", default)
        if args.vararg:
            add(args.vararg, "vararg", None)
        for arg, default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
            add(arg, "kwonly", default)
        if args.kwarg:
            add(args.kwarg, "kwarg", None)
        if not out or out[0].name != "self":
            raise GenError(f"{where}: expected a method taking self")
        missing = [p.name for p in out[1:] if p.annotation is None]
        if missing:
            raise GenError(f"{where}: parameters without annotations: {missing}")
        return out[1:]

    def outer(self, node: ast.expr) -> tuple[str, str | None] | None:
        if isinstance(node, ast.Subscript) and (symbol := self.symbol_of(node.value)):
            return symbol.module, symbol.name
        return None

    def unwrap(self, node: ast.expr, kinds: set[tuple[str, str]], where: str) -> ast.expr:
        if not isinstance(node, ast.Subscript) or self.outer(node) not in kinds:
            raise GenError(f"{where}: expected a return type like {sorted(kinds)[0][1]}[T]")
        item = node.slice
        return (
            item.elts[-1 if self.outer(node)[1] == "Coroutine" else 0]
            if isinstance(item, ast.Tuple)
            else item
        )  # type: ignore[index]

    def names_in(self, node: ast.expr) -> list[Symbol]:
        return [s for n in ast.walk(node) if isinstance(n, ast.expr) and (s := self.symbol_of(n))]

    def mentions_skipped(self, node: ast.expr) -> bool:
        return any(s.name in SKIPPED_TYPES for s in self.names_in(node))

    def mentions_wrappable(self, node: ast.expr) -> bool:
        return any(self.wrappable(s.value()) for s in self.names_in(node))


def _class_node(cls: type) -> ast.ClassDef:
    node = ast.parse(textwrap.dedent(inspect.getsource(cls))).body[0]
    assert isinstance(node, ast.ClassDef)
    return node


def _function_node(fn: Callable[..., Any]) -> ast.FunctionDef | ast.AsyncFunctionDef:
    node = ast.parse(textwrap.dedent(inspect.getsource(fn))).body[0]
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        raise GenError(f"{fn.__qualname__}: not a def")
    return node


def _has_overloads(fn: Callable[..., Any]) -> bool:
    import typing

    get_overloads = getattr(typing, "get_overloads", None)
    return bool(get_overloads and get_overloads(fn))


def _init_attributes(cls: type) -> list[tuple[str, tuple[ast.expr, str], str | None]]:
    """Public attributes ``__init__`` sets from an annotated parameter (``self.x = x``),
    with the string that documents them."""
    init = vars(cls).get("__init__")
    if init is None or not inspect.isfunction(init):
        return []
    node = _function_node(init)
    typed = {a.arg: a.annotation for a in [*node.args.args, *node.args.kwonlyargs] if a.annotation}
    found = []
    for index, stmt in enumerate(node.body):
        if isinstance(stmt, ast.AnnAssign):
            target, declared = stmt.target, stmt.annotation
        elif isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
            target, declared = stmt.targets[0], None
        else:
            continue
        if not (
            isinstance(target, ast.Attribute)
            and isinstance(target.value, ast.Name)
            and target.value.id == "self"
        ):
            continue
        if target.attr.startswith("_"):
            continue
        if declared is not None:
            annotation = (declared, init.__module__)
        elif isinstance(stmt.value, ast.Name) and stmt.value.id in typed:
            annotation = (typed[stmt.value.id], init.__module__)
        elif isinstance(stmt.value, ast.Call):
            annotation = _type_made_by(stmt.value.func, init.__module__)
        else:
            annotation = None
        if annotation is None:
            continue
        after = node.body[index + 1] if index + 1 < len(node.body) else None
        doc = None
        if (
            isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            doc = inspect.cleandoc(after.value.value)
        found.append((target.attr, annotation, doc))
    return found


def _type_made_by(func: ast.expr, module: str) -> tuple[ast.expr, str] | None:
    """What calling ``func`` (as written in ``module``) returns: a class makes itself, a
    function its annotated return type."""
    maker = eval(ast.unparse(func), vars(importlib.import_module(module)))
    if isinstance(maker, type):
        return ast.Name(id=maker.__name__, ctx=ast.Load()), maker.__module__
    fn = inspect.unwrap(maker)
    returns = getattr(fn, "__annotations__", {}).get("return")
    if isinstance(returns, str):
        return ast.parse(returns, mode="eval").body, fn.__module__
    return None


# -- writing --------------------------------------------------------------------------------
HEADER = '''"""Blocking twins of the async API classes, for :class:`a2e_async.sync.A2E`.

Generated by ``scripts/gen_sync.py`` (``make sync-api``) from the async classes' signatures;
do not edit: a test fails when this file is stale. Each method forwards one call to its
async twin through the bridge (:mod:`a2e_async._sync_base`) and holds no endpoint logic.
"""

from __future__ import annotations

'''


class Writer:
    """Writes a :class:`Generator`'s classes as a module of ``package`` (relative imports),
    or with absolute imports when ``package`` is ``None``."""

    def __init__(self, gen: Generator, package: str | None = PACKAGE) -> None:
        self.gen = gen
        self.package = package
        self.local: dict[Symbol, str] = {}
        # Names the module needs when it runs (defaults, base classes); the rest only appear
        # in annotations and are imported for type checkers alone, so a name the async
        # source imports under TYPE_CHECKING never has to import at run time here.
        self.runtime: set[str] = set()

    def render(self, node: ast.expr, members: set[str], *, runtime: bool = False) -> str:
        text = ast.unparse(node)

        def name(match: re.Match[str]) -> str:
            symbol = self.gen.symbols[int(match.group(1))]
            if symbol.module == "builtins" and symbol.name in members:
                # A method named like the builtin (list) hides it inside the class body.
                self.local[Symbol("builtins")] = "builtins"
                return f"builtins.{symbol.name}"
            return self.local_name(symbol, runtime=runtime)

        return TOKEN.sub(name, text)

    def local_name(self, symbol: Symbol, *, runtime: bool = False) -> str:
        if symbol.module == "builtins" and symbol.name is not None:
            return symbol.name
        if runtime:
            self.runtime.add(self._local_name(symbol))
        return self._local_name(symbol)

    def _local_name(self, symbol: Symbol) -> str:
        if symbol not in self.local:
            value = symbol.value()
            if isinstance(value, type) and value in self.gen.classes:
                name = f"_Async{value.__name__}"
            else:
                name = symbol.name or symbol.module.rpartition(".")[2]
            for other, taken in self.local.items():
                if taken == name and other.value() is value:
                    self.local[symbol] = name  # the same object, imported from elsewhere
                    return name
            if name in set(self.local.values()) | set(self.gen.classes.values()):
                raise GenError(f"two different things are named {name}: rename one")
            self.local[symbol] = name
        return self.local[symbol]

    def write(self) -> str:
        body: list[str] = []
        for cls in self.gen.order:
            body.extend(self.write_class(cls))
        names = sorted(self.gen.classes.values())
        imports = self.imports()
        exports = "__all__ = [" + ", ".join(f'"{n}"' for n in names) + "]\n"
        return HEADER + "\n".join(imports) + "\n\n" + exports + "\n" + "\n".join(body)

    def imports(self) -> list[str]:
        base = "._sync_base" if self.package == PACKAGE else f"{PACKAGE}._sync_base"
        runtime = [
            "from typing import TYPE_CHECKING",
            "from functools import cached_property",
            f"from {base} import ClientForwarder, Forwarder",
        ]
        typing_only = [
            "from collections.abc import Iterator",
            "from contextlib import AbstractContextManager",
        ]
        written: set[str] = set()
        for symbol, name in sorted(self.local.items()):
            if name in written:
                continue  # one object reached under two import paths
            written.add(name)
            lines = runtime if name in self.runtime else typing_only
            module = symbol.module
            if self.package and (module == self.package or module.startswith(self.package + ".")):
                module = "." + module[len(self.package) + 1 :]
            if symbol.name is None:
                if module.startswith("."):
                    parent, _, last = module.rpartition(".")
                    lines.append(f"from {parent or '.'} import {last} as {name}")
                else:
                    lines.append(
                        f"import {symbol.module}" + (f" as {name}" if name != symbol.module else "")
                    )
            else:
                alias = f" as {name}" if name != symbol.name else ""
                lines.append(f"from {module} import {symbol.name}{alias}")
        return [*runtime, "", "if TYPE_CHECKING:", *("    " + line for line in typing_only)]

    def write_class(self, cls: type) -> list[str]:
        name = self.gen.classes[cls]
        members = self.gen.members[cls]
        member_names = {m.name for m in members}
        base = "ClientForwarder" if cls is self.gen.order[0] else "Forwarder"
        target = self.local_name(Symbol(cls.__module__, cls.__name__), runtime=True)
        out = ["", "", f"class {name}({base}[{target}]):"]
        # The root's own text says "async with"; A2E (in sync.py) documents the blocking client.
        doc = "" if cls is self.gen.order[0] else _blocking_text(inspect.getdoc(cls) or "")
        out += _docstring(
            f"Blocking twin of :class:`{cls.__module__}.{cls.__name__}`.\n\n{doc}".strip(), 4
        )
        for member in members:
            out.append("")
            out += self.write_member(member, target, member_names)
        return out

    def write_member(self, m: Member, target: str, members: set[str]) -> list[str]:
        if m.form in ("property", "area"):
            assert m.returns is not None
            returns = m.wrap or self.render(m.returns, members)
            decorator = "@cached_property" if m.form == "area" else "@property"
            value = f"self._async.{m.name}"
            body = f"return {m.wrap}(self._bridge, {value})" if m.wrap else f"return {value}"
            return [
                f"    {decorator}",
                f"    def {m.name}(self) -> {returns}:",
                *_docstring(m.doc, 8),
                f"        {body}",
            ]
        signature = ", ".join(["self", *self.write_params(m.params, members)])
        arguments = ", ".join(_call_args(m.params))
        if m.form == "init":
            call = f"lambda: {target}({arguments})"
            return [f"    def __init__({signature}) -> None:", f"        super().__init__({call})"]
        assert m.returns is not None
        inner = m.wrap or self.render(m.returns, members)
        returns = {
            "iterate": f"Iterator[{inner}]",
            "context": f"AbstractContextManager[{inner}]",
        }.get(m.form, inner)
        call = f"lambda: self._async.{m.name}({arguments})"
        if m.form == "context":
            body = f"self._bridge.context({call}{', ' + m.wrap if m.wrap else ''})"
        elif m.wrap:
            body = f"{m.wrap}(self._bridge, self._bridge.{m.form}({call}))"
        else:
            body = f"self._bridge.{m.form}({call})"
        return [
            f"    def {m.name}({signature}) -> {returns}:",
            *_docstring(m.doc, 8),
            f"        return {body}",
        ]

    def write_params(self, params: list[Param], members: set[str]) -> list[str]:
        out: list[str] = []
        star_written = False
        for index, p in enumerate(params):
            if p.kind == "kwonly" and not star_written:
                out.append("*")
            if p.kind in ("vararg", "kwonly"):
                star_written = True
            annotation = self.render(p.annotation, members) if p.annotation is not None else None
            text = {"vararg": "*", "kwarg": "**"}.get(p.kind, "") + p.name
            if annotation:
                text += f": {annotation}"
            if p.default is not None:
                default = self.render(p.default, members, runtime=True)
                text += f" = {default}" if annotation else f"={default}"
            out.append(text)
            if p.kind == "posonly" and (
                index + 1 == len(params) or params[index + 1].kind != "posonly"
            ):
                out.append("/")
        return out


def _call_args(params: list[Param]) -> list[str]:
    has_vararg = any(p.kind == "vararg" for p in params)
    out = []
    for p in params:
        if p.kind == "posonly" or (p.kind == "normal" and has_vararg):
            out.append(p.name)
        elif p.kind == "vararg":
            out.append(f"*{p.name}")
        elif p.kind == "kwarg":
            out.append(f"**{p.name}")
        else:
            out.append(f"{p.name}={p.name}")
    return out


def _blocking_text(doc: str) -> str:
    """A docstring's inline examples as the blocking client spells them."""
    return re.sub(r"``(?:await |async (?=with |for ))", "``", doc)


def _docstring(doc: str | None, indent: int) -> list[str]:
    if not doc:
        return []
    text = _blocking_text(doc).replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    pad = " " * indent
    lines = text.splitlines()
    if len(lines) == 1:
        return [f'{pad}"""{lines[0]}"""']
    return [
        f'{pad}"""{lines[0]}',
        *[(pad + line) if line else "" for line in lines[1:]],
        f'{pad}"""',
    ]


def _tidy(code: str) -> str:
    """The code as ``ruff check --fix`` (imports) and ``ruff format`` leave it."""
    for command in (["check", "--fix", "--quiet", "--exit-zero"], ["format"]):
        done = subprocess.run(
            [sys.executable, "-m", "ruff", *command, "--stdin-filename", str(TARGET), "-"],
            input=code,
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )
        if done.returncode != 0:
            raise GenError(f"ruff {command[0]} failed:\n{done.stderr}")
        code = done.stdout
    return code


def generate() -> str:
    """The module's text, formatted."""
    sys.path.insert(0, str(ROOT))
    client = importlib.import_module(f"{PACKAGE}.client")
    gen = Generator()
    gen.twin(client.A2EClient)
    return _tidy(Writer(gen).write())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="only report whether the file is current"
    )
    args = parser.parse_args(argv)
    try:
        code = generate()
    except GenError as exc:
        print(f"gen_sync: {exc}", file=sys.stderr)
        return 2
    current = TARGET.read_text() if TARGET.exists() else ""
    if args.check:
        if code == current:
            return 0
        diff = difflib.unified_diff(
            current.splitlines(), code.splitlines(), "current", "generated", lineterm=""
        )
        print("\n".join(list(diff)[:60]), file=sys.stderr)
        print(f"\n{TARGET.relative_to(ROOT)} is stale: run `make sync-api`", file=sys.stderr)
        return 1
    if code != current:
        TARGET.write_text(code)
        print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
