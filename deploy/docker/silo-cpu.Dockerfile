# syntax=docker/dockerfile:1.7
# The silo for CPU nodes. From the repository root:
#   docker build -f deploy/docker/silo-cpu.Dockerfile -t REGISTRY/l2lcluster-silo-cpu:TAG .
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0.401-noble
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0.12-noble

FROM ${SDK_IMAGE} AS publish
WORKDIR /src
# gcc builds the fused LSTM cell (Learning/Native, FusedLstmCell); an image built without it keeps libtorch's cell.
RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev && rm -rf /var/lib/apt/lists/*
COPY . .
RUN --mount=type=cache,target=/root/.nuget/packages \
    deploy/publish.sh silo --backend cpu --output /out

FROM ${RUNTIME_IMAGE}
# A directory run store needs a writable mount point; on Kubernetes the run store is Redis or a volume there.
RUN mkdir /runs && chown "$APP_UID" /runs
WORKDIR /app
COPY --from=publish /out .
# The base image's non-root user (uid 1654).
USER $APP_UID
ENV L2L_RUNS=/runs
EXPOSE 11111 30000 8080
# TorchSharp with unoptimized JIT code, which keeps every argument alive through its native call (README,
# "TorchSharp and the collector").
ENV DOTNET_JITMinOpts=1
ENTRYPOINT ["dotnet", "/app/l2l-silo.dll"]
