# syntax=docker/dockerfile:1.7
# The silo for NVIDIA GPU nodes: the silo published with the CUDA libtorch package. From the repository root,
# where nuget.org is reachable (TorchSharp-cuda-linux is not on every mirror):
#   docker build -f deploy/docker/silo-gpu.Dockerfile -t REGISTRY/l2lcluster-silo-gpu:TAG .
# The CUDA base matches the CUDA version of TorchSharp-cuda-linux's libtorch (12.8): the node's driver must
# support it. The base flavour is enough: libtorch's package carries its own cuBLAS and cuDNN, and the NVIDIA
# container toolkit mounts the driver.
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0.401-noble
ARG DOTNET_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0.12-noble
ARG CUDA_IMAGE=nvidia/cuda:12.8.1-base-ubuntu24.04

FROM ${SDK_IMAGE} AS publish
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.nuget/packages \
    deploy/publish.sh silo --backend cuda --output /out

FROM ${DOTNET_IMAGE} AS dotnet

FROM ${CUDA_IMAGE}
COPY --from=dotnet /usr/share/dotnet /usr/share/dotnet
# ca-certificates brings OpenSSL, which .NET loads for TLS; the same non-root uid as the .NET images.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet \
    && useradd --uid 1654 --no-create-home --shell /usr/sbin/nologin app \
    && mkdir /runs && chown 1654 /runs
WORKDIR /app
COPY --from=publish /out .
USER 1654
# A GPU silo that finds no GPU fails its startup probe instead of training on the CPU unnoticed.
ENV DOTNET_ROOT=/usr/share/dotnet \
    L2L_DEVICE=cuda \
    L2L_RUNS=/runs
EXPOSE 11111 30000 8080
# TorchSharp with unoptimized JIT code, which keeps every argument alive through its native call (README,
# "TorchSharp and the collector").
ENV DOTNET_JITMinOpts=1
ENTRYPOINT ["dotnet", "/app/l2l-silo.dll"]
