"""Reading the async API for ``gen_sync``: which classes get blocking twins, and each public
member's signature as written in its source, with every name resolved to where it comes from
and every type variable bound to the concrete class's model.
"""

from __future__ import annotations

import ast
import builtins
import copy
import functools
import importlib
import importlib.util
import inspect
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "a2e_async" / "_sync_api.py"
RAW_TARGET = ROOT / "a2e_async" / "_raw_api.py"
PACKAGE = "a2e_async"

# Async machinery with no blocking meaning: members typed with these are left out.
SKIPPED_TYPES = {"TaskKind", "TaskWaiter"}
# The client's own lifecycle, which the facade replaces with close() and `with`; views
# (written by hand in sync.py: a blocking view shares the bridge) and raw answers (async only).
SKIPPED_MEMBERS = {"aclose", "with_options", "with_raw_response"}
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
