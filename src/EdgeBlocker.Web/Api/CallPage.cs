using EdgeBlocker.Storage.Calls;

namespace EdgeBlocker.Web.Api;

/// <summary>One page of the call log.</summary>
public sealed record CallPage(IReadOnlyList<CallRecord> Records, int Page, bool More);
