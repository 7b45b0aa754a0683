# syntax=docker/dockerfile:1
# The API service: built with the SDK image, run on the ASP.NET runtime image.
# Build context: the repository root (.dockerignore keeps tests, build output and local databases out).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
# Everything at once rather than project files first: the Api's project references change as it grows, and a missed
# one would break restore in the image only.
COPY . .
RUN dotnet publish src/RasaPlatform.Api/RasaPlatform.Api.csproj --configuration Release --output /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# Writable by the non-root user, for the SQLite provider's default file (data/rasaplatform.db).
RUN mkdir -p /app/data && chown "$APP_UID" /app/data
ENV ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["dotnet", "RasaPlatform.Api.dll"]
