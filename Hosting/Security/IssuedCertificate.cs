namespace L2LCluster.Hosting.Security;

/// <summary>A certificate an authority issued and its private key, as PEM texts.</summary>
public sealed record IssuedCertificate(string CertificatePem, string KeyPem);
