namespace L2LCluster.Hosting.Security;

/// <summary>
/// What a certificate of the cluster's authority lets its holder be; the organizational unit (OU) of its subject says
/// which, so one authority issues both kinds and a client's certificate cannot join the cluster as a silo.
/// </summary>
public enum CertificateRole
{
    /// <summary>A silo: accepted on the silo port, and by clients as the gateway they reach.</summary>
    Silo,

    /// <summary>A console or other client: accepted on the gateway port only.</summary>
    Client,

    /// <summary>The Redis the cluster keeps its membership, reminders and runs in: a server only, accepted by silos as such.</summary>
    Store,
}
