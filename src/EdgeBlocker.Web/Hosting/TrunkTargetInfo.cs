namespace EdgeBlocker.Web.Hosting;

/// <summary>The core or a trunk peer as the OPTIONS health pings see it; Up is null before the first answer or when pings are off.</summary>
public sealed record TrunkTargetInfo(string Name, string Address, bool IsCore, bool? Up, int LastStatus);
