using System.Buffers;
using System.Net;
using System.Text;
using EdgeBlocker.Proxy.Configuration;
using EdgeBlocker.Proxy.Policy;
using EdgeBlocker.Proxy.Routing;
using EdgeBlocker.Proxy.Transactions;
using EdgeBlocker.Proxy.Transport;
using EdgeBlocker.Sip;
using Microsoft.Extensions.Logging;

namespace EdgeBlocker.Proxy;

/// <summary>
/// The request and response path of the box (RFC 3261 §16, transaction-stateful): sanity checks, screening of initial
/// INVITEs from upstream, relaying to the core or answering with the verdict, and routing in-dialog requests through
/// the Record-Route it inserted. In redirect mode it answers every INVITE itself.
/// </summary>
public sealed partial class SipProxy : ISipMessageHandler
{
    private static readonly byte[] AllowHeader = "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS\r\n"u8.ToArray();

    private readonly ProxySettings _settings;
    private readonly ICallPolicy _policy;
    private readonly TransactionLayer _transactions;
    private readonly ISipSender _sender;
    private readonly LocalHop _local;
    private readonly SourceClassifier _sources;
    private readonly BlockResponses _blocks;
    private readonly ILogger _logger;
    private readonly ICallEvents? _events;
    private readonly LocalTags _tags = new();

    public SipProxy(ProxySettings settings, ICallPolicy policy, TransactionLayer transactions, ISipSender sender, int port, ILogger<SipProxy> logger, ICallEvents? events = null, ProxyCounters? counters = null)
    {
        _events = events;
        Counters = counters ?? new();
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(transactions);
        _settings = settings;
        _policy = policy;
        _transactions = transactions;
        _sender = sender;
        _logger = logger;
        _local = new LocalHop(settings.AdvertisedHost, port);
        _sources = new SourceClassifier(settings.Core, settings.Peers);
        _blocks = new BlockResponses(settings.Block);
        _transactions.ClientTimedOut += OnClientTimedOut;
    }

    /// <summary>What the proxy did; shared with the transports' flood protection, which counts its drops here.</summary>
    public ProxyCounters Counters { get; }

    public void OnMessage(SipMessage message, ParseResult result, in Remote source)
    {
        ArgumentNullException.ThrowIfNull(message);
        Counters.Received();
        if (!result.IsComplete)
        {
            OnMalformed(message, result, source);
        }
        else if (message.IsRequest)
        {
            OnRequest(message, source);
        }
        else
        {
            OnResponse(message);
        }
    }

    private void OnMalformed(SipMessage message, ParseResult result, in Remote source)
    {
        Counters.Malformed();
        LogMalformed(source.EndPoint, result.Error);
        // RFC 3261 §16.3 step 1 / §8.2: a request we can answer gets 400 (505 for the version); anything else, and any ACK
        // (never answered, §17.1.1.3), is dropped.
        if (message.CanBeAnswered && message.Method != SipMethod.Ack)
        {
            var phrase = result.ErrorStatus == 505 ? "Version Not Supported"u8 : "Bad Request"u8;
            var warning = Encoding.UTF8.GetBytes($"Warning: 399 {_settings.AdvertisedHost} \"{result.Error}\"\r\n");
            RespondStateless(message, source, result.ErrorStatus == 0 ? 400 : result.ErrorStatus, phrase, warning);
        }
    }

    private void OnRequest(SipMessage request, in Remote source)
    {
        if (request.Method == SipMethod.Ack)
        {
            OnAck(request, source);
            return;
        }

        var (kind, peer) = _sources.Classify(source.EndPoint);
        if (kind == SourceKind.Forbidden)
        {
            // DESIGN step 1: neither a peer nor the core. Answered statelessly (RFC 3261 §16.3 lets a proxy reject before
            // any state): one 403 per request, no transaction, so no retransmitted 403s to a source that never ACKs
            // and no table of 32-second transactions for a flood of strangers to fill.
            RespondStateless(request, source, 403, "Forbidden"u8, default);
            return;
        }

        if (_transactions.FindServer(request, request.Method, out var generation) is { } existing)
        {
            // RFC 3261 §17.2.1, §17.2.2: a retransmission gets the last response again, nothing more.
            Counters.Retransmission();
            existing.OnRetransmission(generation);
            return;
        }

        var (received, rport) = HopFor(request, source);
        var transaction = _transactions.CreateServer(request, ResponseTarget(request, source), received, rport);
        try
        {
            OnNewRequest(transaction, source, kind, peer);
        }
        finally
        {
            // A request answered by now (blocked, rejected, redirected) is not copied; one forwarded is.
            transaction.EndReceive();
        }
    }

    private void OnNewRequest(ServerTransaction transaction, in Remote source, SourceKind kind, TrunkPeer? peer)
    {
        var request = transaction.Request;
        if (request.Method == SipMethod.Cancel)
        {
            OnCancel(transaction);
            return;
        }

        if (!PassesSanityChecks(transaction, source))
        {
            return;
        }

        if (request.Method == SipMethod.Options && IsForThisBox(request))
        {
            Respond(transaction, 200, "OK"u8, AllowHeader);
            return;
        }

        var routesToRemove = OwnRouteCount(request);
        if (_settings.Sip.Mode == ProxyMode.Redirect)
        {
            Redirect(transaction, source, peer);
            return;
        }

        if (kind == SourceKind.Core)
        {
            RouteFromCore(transaction, source, routesToRemove);
            return;
        }

        var initialInvite = request.Method == SipMethod.Invite && request.To.Tag.IsEmpty;
        var decision = initialInvite ? Screen(transaction, source, peer) : CallDecision.Allow;
        if (decision.IsBlock)
        {
            Block(transaction, decision);
            return;
        }

        if (request.Method == SipMethod.Bye)
        {
            _events?.OnEnded(request[request.CallId]);
        }

        var tag = decision.Action == CallAction.Tag ? decision.TagHeader : null;
        Forward(transaction, new Remote(_settings.Core!.Transport, _settings.Core.EndPoint), routesToRemove, recordRoute: initialInvite, source.Transport, tag);
    }

    /// <summary>RFC 3261 §16.3: Max-Forwards, URI scheme, Proxy-Require and loops, answered through the transaction.</summary>
    private bool PassesSanityChecks(ServerTransaction transaction, in Remote source)
    {
        var request = transaction.Request;
        if (request.MaxForwards == 0)
        {
            // §16.3 step 3; an OPTIONS with Max-Forwards 0 is the way to ask the proxy itself (§11).
            if (request.Method == SipMethod.Options)
            {
                Respond(transaction, 200, "OK"u8, AllowHeader);
            }
            else
            {
                Respond(transaction, 483, "Too Many Hops"u8);
            }

            return false;
        }

        if (!SipUriParser.TryParse(request.Span, request.RequestUri, out var uri))
        {
            Respond(transaction, 400, "Bad Request"u8);
            return false;
        }

        if (uri.Scheme == UriScheme.Other)
        {
            // §16.3 step 2.
            Respond(transaction, 416, "Unsupported URI Scheme"u8);
            return false;
        }

        if (request.TryGetHeader(HeaderKind.ProxyRequire, out var proxyRequire))
        {
            // §16.3 step 5: this proxy supports no extensions, so every Proxy-Require tag is unsupported.
            var unsupported = Encoding.UTF8.GetBytes("Unsupported: " + request.GetString(proxyRequire.Value) + "\r\n");
            Respond(transaction, 420, "Bad Extension"u8, unsupported);
            return false;
        }

        if (HasOwnVia(request) && _sources.Classify(source.EndPoint).Kind != SourceKind.Core)
        {
            // §16.3 step 4. A request back from the core with our Via is a spiral (the core routed it out again), not a loop.
            Respond(transaction, 482, "Loop Detected"u8);
            return false;
        }

        return true;
    }

    private CallDecision Screen(ServerTransaction transaction, in Remote source, TrunkPeer? peer)
    {
        var invite = transaction.Request;
        var span = invite.Span;
        var callingUri = invite.HasPAssertedIdentity ? invite.PAssertedIdentity.Uri : invite.From.Uri;
        var calling = SipUriParser.TryParse(span, callingUri, out var from) ? from.User.Of(span) : default;
        var called = SipUriParser.TryParse(span, invite.RequestUri, out var to) ? to.User.Of(span) : default;
        Counters.Screened();
        return _policy.Decide(new CallAttempt(invite, calling, called, peer?.Name, source.EndPoint, source.Transport));
    }

    private void Block(ServerTransaction transaction, in CallDecision decision)
    {
        Counters.Blocked();
        var response = _blocks.For(decision.Response);
        if (_logger.IsEnabled(LogLevel.Debug))
        {
#pragma warning disable CA1873 // Guarded by IsEnabled just above; the analyzer does not see through it.
            LogBlocked(transaction.Request.GetString(transaction.Request.CallId), response.Status, decision.Rule, decision.List);
#pragma warning restore CA1873
        }

        Respond(transaction, response.Status, response.Phrase, response.Headers);
    }

    private void Redirect(ServerTransaction transaction, in Remote source, TrunkPeer? peer)
    {
        var request = transaction.Request;
        if (request.Method != SipMethod.Invite)
        {
            Respond(transaction, request.Method == SipMethod.Options ? 200 : 405, request.Method == SipMethod.Options ? "OK"u8 : "Method Not Allowed"u8, AllowHeader);
            return;
        }

        if (Screen(transaction, source, peer) is { IsBlock: true } decision)
        {
            Block(transaction, decision);
            return;
        }

        switch (_settings.Sip.RedirectResponse)
        {
            case 302:
                var core = _settings.Core!;
                var user = SipUriParser.TryParse(request.Span, request.RequestUri, out var uri) ? request.GetString(uri.User) : string.Empty;
                var host = core.EndPoint.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{core.EndPoint.Address}]" : core.EndPoint.Address.ToString();
                var contact = $"Contact: <sip:{(user.Length > 0 ? user + "@" : string.Empty)}{host}:{core.EndPoint.Port}{(core.Transport == SipTransportKind.Tcp ? ";transport=tcp" : string.Empty)}>\r\n";
                Respond(transaction, 302, "Moved Temporarily"u8, Encoding.UTF8.GetBytes(contact));
                break;
            case 404:
                Respond(transaction, 404, "Not Found"u8);
                break;
            default:
                Respond(transaction, 503, "Service Unavailable"u8);
                break;
        }
    }

    /// <summary>A request from the core goes toward its next Route value, or its Request-URI (RFC 3261 §16.5, §16.12).</summary>
    private void RouteFromCore(ServerTransaction transaction, in Remote source, int routesToRemove)
    {
        var request = transaction.Request;
        if (!TryTarget(request, routesToRemove, out var target))
        {
            Respond(transaction, 404, "Not Found"u8);
            return;
        }

        if (!_sources.MaySendTo(target.EndPoint))
        {
            Respond(transaction, 403, "Forbidden"u8);
            return;
        }

        if (request.Method == SipMethod.Bye)
        {
            _events?.OnEnded(request[request.CallId]);
        }

        var initial = request.Method == SipMethod.Invite && request.To.Tag.IsEmpty;
        Forward(transaction, target, routesToRemove, recordRoute: initial, source.Transport);
    }

    private static bool TryTarget(SipMessage request, int routesToSkip, out Remote target)
    {
        var span = request.Span;
        var seen = 0;
        foreach (var header in request.Headers)
        {
            if (header.Kind != HeaderKind.Route)
            {
                continue;
            }

            foreach (var value in SipHeaderValues.Split(span, header.Value))
            {
                if (seen++ < routesToSkip)
                {
                    continue;
                }

                target = default;
                return SipHeaderValues.TryParseNameAddr(span, value, out var route)
                    && SipUriParser.TryParse(span, route.Uri, out var routeUri)
                    && NextHop.TryFromUri(span, routeUri, out target);
            }
        }

        target = default;
        return SipUriParser.TryParse(span, request.RequestUri, out var uri) && NextHop.TryFromUri(span, uri, out target);
    }

    /// <summary>RFC 3261 §16.6: a new client transaction carries the request on, with our Via (and Record-Route).</summary>
    private void Forward(ServerTransaction transaction, in Remote target, int routesToRemove, bool recordRoute, SipTransportKind inbound, byte[]? extraHeader = null)
    {
        var request = transaction.Request;
        if (request.Method == SipMethod.Invite)
        {
            // §16.2: a stateful proxy answers an INVITE with 100 Trying at once, which stops the caller's retransmissions.
            Respond(transaction, 100, "Trying"u8);
        }

        Span<byte> branch = stackalloc byte[48];
        var branchLength = _local.NewBranch(branch);
        Span<byte> prepend = stackalloc byte[512 + (extraHeader?.Length ?? 0)];
        var w = new SipBufferWriter(prepend);
        _local.WriteVia(target.Transport, branch[..branchLength], ref w);
        if (extraHeader is not null)
        {
            w.Write(extraHeader);
        }

        if (recordRoute)
        {
            // RFC 5658 double record-routing when the two sides use different transports: the value facing
            // downstream first (the callee reads the route set top down), the one facing upstream second.
            _local.WriteRecordRoute(target.Transport, ref w);
            if (inbound != target.Transport)
            {
                _local.WriteRecordRoute(inbound, ref w);
            }
        }

        var edits = new ForwardEdits
        {
            PrependHeaders = prepend[..w.Written],
            Hop = new HopEdits(transaction.Received, transaction.Rport),
            RemoveRoutes = routesToRemove,
        };
        var buffer = ArrayPool<byte>.Shared.Rent(SipRequestForwarder.MaxLength(request, w.Written));
        try
        {
            var length = SipRequestForwarder.WriteRequest(request, edits, buffer);
            transaction.Downstream = _transactions.StartClient(buffer.AsSpan(0, length), branch[..branchLength], request.CSeqMethod, target, transaction);
            Counters.Relayed();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void OnAck(SipMessage ack, in Remote source)
    {
        // An ACK for a response made here ends here, with or without its transaction (see LocalTags).
        var ours = _tags.IsOwn(ack[ack.To.Tag]);
        var invite = _transactions.FindServer(ack, SipMethod.Invite, out var generation);
        var answered = invite?.OnAck(generation, endNow: ours) ?? -1; // -1: no transaction (any more)
        if (answered >= 300 || ours)
        {
            // RFC 3261 §17.2.1: the ACK for a non-2xx final response is hop-by-hop and ends here.
            return;
        }

        if (answered == 0)
        {
            return;
        }

        // The ACK for a 2xx is end to end (§13.2.2.4): relay it statelessly along the route set (§16.11).
        var (kind, _) = _sources.Classify(source.EndPoint);
        var routes = OwnRouteCount(ack);
        Remote target;
        if (kind == SourceKind.Core)
        {
            if (!TryTarget(ack, routes, out target) || !_sources.MaySendTo(target.EndPoint))
            {
                return;
            }
        }
        else if (kind == SourceKind.Forbidden || _settings.Sip.Mode == ProxyMode.Redirect)
        {
            return;
        }
        else
        {
            target = new Remote(_settings.Core!.Transport, _settings.Core.EndPoint);
        }

        Span<byte> branch = stackalloc byte[48];
        var branchLength = LocalHop.DerivedBranch(ack[ack.TopVia.Branch], branch);
        Span<byte> prepend = stackalloc byte[256];
        var w = new SipBufferWriter(prepend);
        _local.WriteVia(target.Transport, branch[..branchLength], ref w);
        var (received, rport) = HopFor(ack, source);
        var edits = new ForwardEdits { PrependHeaders = prepend[..w.Written], Hop = new HopEdits(received, rport), RemoveRoutes = routes };
        var buffer = ArrayPool<byte>.Shared.Rent(SipRequestForwarder.MaxLength(ack, w.Written));
        try
        {
            var length = SipRequestForwarder.WriteRequest(ack, edits, buffer);
            _sender.Send(target, buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>RFC 3261 §16.10: 200 to the CANCEL at once, then cancel the pending branch (whose 487 comes back up).</summary>
    private void OnCancel(ServerTransaction cancel)
    {
        // A CANCEL can overtake its INVITE on another receive thread: what became of the INVITE (forwarded or answered)
        // is known when its handling there ends, which ForCancel waits for.
        var invite = _transactions.FindServer(cancel.Request, SipMethod.Invite, out var generation);
        ClientTransaction? downstream = null;
        var target = invite?.ForCancel(generation, out downstream) ?? CancelTarget.Gone;
        if (target == CancelTarget.Gone)
        {
            Respond(cancel, 481, "Call/Transaction Does Not Exist"u8);
            return;
        }

        Respond(cancel, 200, "OK"u8);
        if (target == CancelTarget.Forwarded)
        {
            downstream!.Cancel();
        }
        else if (target == CancelTarget.Unanswered)
        {
            RespondFromElsewhere(invite!, generation, 487, "Request Terminated"u8);
        }
    }

    private void OnResponse(SipMessage response)
    {
        var via = response.TopVia;
        if (!_local.IsOwnVia(response, via))
        {
            // RFC 3261 §18.1.2: a response whose top Via is not ours is dropped (RFC 4475 §3.3.10 bcast among them).
            Counters.StrayResponse();
            return;
        }

        var client = _transactions.FindClient(response[via.Branch], response.CSeqMethod);
        if (client is null)
        {
            if (response.CSeqMethod == SipMethod.Invite && response.StatusCode is >= 200 and < 300)
            {
                // §16.7: 2xx retransmissions outlive the client transaction; relay them statelessly by the next Via.
                RelayStatelessly(response);
            }

            return;
        }

        if (!client.OnResponse(response) || client.Upstream is not { } upstream || response.StatusCode == 100)
        {
            // §16.7 step 3: 100 Trying is hop-by-hop; our own CANCEL's responses stop here too.
            return;
        }

        if (response.CSeqMethod == SipMethod.Invite && response.StatusCode is >= 200 and < 300 && upstream.AwaitsAnswer(client.UpstreamGeneration))
        {
            _events?.OnAnswered(response[response.CallId]);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(SipRequestForwarder.MaxLength(response, 0));
        try
        {
            var length = SipRequestForwarder.WriteResponse(response, buffer);
            upstream.Respond(buffer.AsSpan(0, length), response.StatusCode, client.UpstreamGeneration);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void RelayStatelessly(SipMessage response)
    {
        var span = response.Span;
        var index = 0;
        foreach (var header in response.Headers)
        {
            if (header.Kind != HeaderKind.Via)
            {
                continue;
            }

            foreach (var value in SipHeaderValues.Split(span, header.Value))
            {
                if (index++ == 1)
                {
                    if (!SipHeaderValues.TryParseVia(span, value, out var next) || !NextHop.TryFromVia(span, next, out var target) || !_sources.MaySendTo(target.EndPoint))
                    {
                        return;
                    }

                    var buffer = ArrayPool<byte>.Shared.Rent(SipRequestForwarder.MaxLength(response, 0));
                    try
                    {
                        var length = SipRequestForwarder.WriteResponse(response, buffer);
                        _sender.Send(target, buffer.AsSpan(0, length));
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                    }

                    return;
                }
            }
        }
    }

    private void OnClientTimedOut(ClientTransaction client)
    {
        if (client.Upstream is { } upstream && RespondFromElsewhere(upstream, client.UpstreamGeneration, 408, "Request Timeout"u8))
        {
            // RFC 3261 §16.7 step 6 / §16.8: a branch that never answered becomes 408 for the caller.
            Counters.Timeout();
        }
    }

    private void Respond(ServerTransaction transaction, int status, ReadOnlySpan<byte> phrase, ReadOnlySpan<byte> extraHeaders = default)
    {
        // A transaction without its request was answered when its request arrived: nothing more goes out.
        if (transaction.TryGetRequest(out var request))
        {
            Respond(transaction, transaction.Generation, request, new HopEdits(transaction.Received, transaction.Rport), status, phrase, extraHeaders);
        }
    }

    /// <summary>
    /// Answers the transaction's life <paramref name="generation"/> from another thread than its handling one, if it
    /// has no final response yet; returns whether it was sent. An ended life may be the transaction of another request
    /// by now (see <see cref="ServerTransaction"/>), which gets nothing.
    /// </summary>
    private bool RespondFromElsewhere(ServerTransaction transaction, int generation, int status, ReadOnlySpan<byte> phrase) =>
        transaction.TryGetUnanswered(generation, out var request, out var hop) && Respond(transaction, generation, request, hop, status, phrase, default);

    private bool Respond(ServerTransaction transaction, int generation, SipMessage request, HopEdits hop, int status, ReadOnlySpan<byte> phrase, ReadOnlySpan<byte> extraHeaders)
    {
        Span<byte> tag = stackalloc byte[LocalTags.MaxLength];
        var tagLength = _tags.Next(tag);
        var buffer = ArrayPool<byte>.Shared.Rent(SipResponseWriter.MaxLength(request, extraHeaders.Length));
        try
        {
            var length = SipResponseWriter.Write(request, status, phrase, tag[..tagLength], extraHeaders, hop, buffer);
            return transaction.Respond(buffer.AsSpan(0, length), status, generation);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void RespondStateless(SipMessage request, in Remote source, int status, ReadOnlySpan<byte> phrase, ReadOnlySpan<byte> extraHeaders)
    {
        Span<byte> tag = stackalloc byte[LocalTags.MaxLength];
        var tagLength = _tags.Next(tag);
        var (received, rport) = HopFor(request, source);
        var buffer = ArrayPool<byte>.Shared.Rent(SipResponseWriter.MaxLength(request, extraHeaders.Length));
        try
        {
            var length = SipResponseWriter.Write(request, status, phrase, tag[..tagLength], extraHeaders, new HopEdits(received, rport), buffer);
            _sender.Send(ResponseTarget(request, source), buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>RFC 3261 §18.2.1 and RFC 3581 §4: received when the sent-by host is not the source address (always when
    /// rport was asked for), and rport filled with the source port.</summary>
    private static (byte[] Received, int Rport) HopFor(SipMessage request, in Remote source)
    {
        var via = request.TopVia;
        var address = source.EndPoint.Address;
        var received = via.HasRport || !NextHop.SameHost(request[via.Host], address) ? NextHop.ReceivedText(address) : [];
        return (received, via.HasRport ? source.EndPoint.Port : 0);
    }

    /// <summary>Where responses to a request go (RFC 3261 §18.2.2): over TCP the same connection; over UDP the source
    /// address (what received records) and the rport or sent-by port.</summary>
    private static Remote ResponseTarget(SipMessage request, in Remote source)
    {
        if (source.Transport == SipTransportKind.Tcp)
        {
            return source;
        }

        var via = request.TopVia;
        var port = via.HasRport ? source.EndPoint.Port : via.Port != 0 ? via.Port : 5060;
        return new Remote(SipTransportKind.Udp, port == source.EndPoint.Port ? source.EndPoint : new IPEndPoint(source.EndPoint.Address, port));
    }

    /// <summary>An OPTIONS whose Request-URI names no user is a ping of the box itself (RFC 3261 §11).</summary>
    private static bool IsForThisBox(SipMessage request) =>
        SipUriParser.TryParse(request.Span, request.RequestUri, out var uri) && uri.User.IsEmpty;

    /// <summary>How many leading Route values name this box (RFC 3261 §16.4; up to two after double record-routing).</summary>
    private int OwnRouteCount(SipMessage request)
    {
        var span = request.Span;
        var count = 0;
        foreach (var header in request.Headers)
        {
            if (header.Kind != HeaderKind.Route)
            {
                continue;
            }

            foreach (var value in SipHeaderValues.Split(span, header.Value))
            {
                if (!SipHeaderValues.TryParseNameAddr(span, value, out var route) || !SipUriParser.TryParse(span, route.Uri, out var uri) || !_local.IsOwnUri(uri, span))
                {
                    return count;
                }

                count++;
            }
        }

        return count;
    }

    private bool HasOwnVia(SipMessage request)
    {
        var span = request.Span;
        foreach (var header in request.Headers)
        {
            if (header.Kind != HeaderKind.Via)
            {
                continue;
            }

            foreach (var value in SipHeaderValues.Split(span, header.Value))
            {
                if (SipHeaderValues.TryParseVia(span, value, out var via) && _local.IsOwnVia(request, via))
                {
                    return true;
                }
            }
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Malformed message from {Source}: {Error}")]
    private partial void LogMalformed(IPEndPoint source, string? error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Blocked call {CallId} with {Status} (rule {Rule}, list {List})")]
    private partial void LogBlocked(string callId, int status, string? rule, string? list);
}
