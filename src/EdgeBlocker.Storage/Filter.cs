using LiteDB;

namespace EdgeBlocker.Storage;

/// <summary>
/// Query filters with their values passed as parameters. LiteDB's own <c>Query.EQ</c>, <c>Query.LT</c> and
/// <c>Query.Between</c> write the value into the expression's text, and LiteDB compiles every distinct text into a
/// method it caches for the life of the process. Filtering on a Call-ID, a number or a time that way leaves one
/// compiled method behind per value: a service that looks up every relayed call's Call-ID grew by about a megabyte a
/// second under load. Here the text depends on the field alone, so each filter is compiled once.
/// </summary>
internal static class Filter
{
    /// <summary><paramref name="field"/> = <paramref name="value"/>; uses the field's index when there is one.</summary>
    public static BsonExpression Eq(string field, BsonValue value) => BsonExpression.Create($"$.{field} = @0", value);

    /// <summary><paramref name="field"/> &lt; <paramref name="value"/>.</summary>
    public static BsonExpression Lt(string field, BsonValue value) => BsonExpression.Create($"$.{field} < @0", value);

    /// <summary><paramref name="field"/> &gt; <paramref name="value"/>.</summary>
    public static BsonExpression Gt(string field, BsonValue value) => BsonExpression.Create($"$.{field} > @0", value);

    /// <summary><paramref name="field"/> ≤ <paramref name="value"/>.</summary>
    public static BsonExpression Lte(string field, BsonValue value) => BsonExpression.Create($"$.{field} <= @0", value);

    /// <summary><paramref name="field"/> ≥ <paramref name="value"/>.</summary>
    public static BsonExpression Gte(string field, BsonValue value) => BsonExpression.Create($"$.{field} >= @0", value);

    /// <summary><paramref name="first"/> ≤ <paramref name="field"/> ≤ <paramref name="last"/>, both ends included.</summary>
    public static BsonExpression Between(string field, BsonValue first, BsonValue last) =>
        BsonExpression.Create($"$.{field} BETWEEN @0 AND @1", first, last);
}
