using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace Composable
{
    /// <summary>
    /// The schema's one collection type: immutable, with structural (element-wise) equality and hash, so
    /// a record holding it compares by value (a plain array inside a record compares by reference).
    /// On net10.0, collection expressions build it: <c>Tasks: [a, b]</c>.
    /// </summary>
    /// <typeparam name="T">Element type; its own <see cref="object.Equals(object)"/> decides equality.</typeparam>
#if NET8_0_OR_GREATER
    [System.Runtime.CompilerServices.CollectionBuilder(typeof(ValueList), nameof(ValueList.Create))]
#endif
    public sealed class ValueList<T> : IReadOnlyList<T>, IEquatable<ValueList<T>>
    {
        private readonly T[] _items;

        /// <summary>The empty list.</summary>
        public static ValueList<T> Empty { get; } = new ValueList<T>(Array.Empty<T>());

        internal ValueList(T[] items) => _items = items;

        /// <summary>Number of elements.</summary>
        public int Count => _items.Length;

        /// <summary>Element at <paramref name="index"/>.</summary>
        public T this[int index] => _items[index];

        /// <inheritdoc />
        public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

        /// <inheritdoc />
        public bool Equals(ValueList<T>? other) =>
            other is not null && (ReferenceEquals(this, other) || _items.SequenceEqual(other._items));

        /// <inheritdoc />
        public override bool Equals(object? obj) => obj is ValueList<T> other && Equals(other);

        /// <inheritdoc />
        public override int GetHashCode()
        {
            unchecked
            {
                var hash = 17;
                foreach (var item in _items)
                    hash = hash * 31 + (item is null ? 0 : EqualityComparer<T>.Default.GetHashCode(item));
                return hash;
            }
        }

        /// <summary>Value equality.</summary>
        public static bool operator ==(ValueList<T>? left, ValueList<T>? right) =>
            left is null ? right is null : left.Equals(right);

        /// <summary>Value inequality.</summary>
        public static bool operator !=(ValueList<T>? left, ValueList<T>? right) => !(left == right);

        /// <summary>Renders as a collection expression: <c>[a, b]</c>.</summary>
        public override string ToString() => "[" + string.Join(", ", _items.Select(i => i?.ToString())) + "]";
    }

    /// <summary>Factory methods for <see cref="ValueList{T}"/>.</summary>
    public static class ValueList
    {
        /// <summary>A list of the given items (copied).</summary>
        public static ValueList<T> Of<T>(params T[] items) =>
            items.Length == 0 ? ValueList<T>.Empty : new ValueList<T>((T[])items.Clone());

        /// <summary>A list of the given items (copied).</summary>
        public static ValueList<T> From<T>(IEnumerable<T> items)
        {
            var array = items.ToArray();
            return array.Length == 0 ? ValueList<T>.Empty : new ValueList<T>(array);
        }

#if NET8_0_OR_GREATER
        /// <summary>Collection-expression builder.</summary>
        public static ValueList<T> Create<T>(ReadOnlySpan<T> items) =>
            items.IsEmpty ? ValueList<T>.Empty : new ValueList<T>(items.ToArray());
#endif
    }
}
