package lake

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	gcaws "gocloud.dev/aws"
	"gocloud.dev/blob"
	"gocloud.dev/blob/s3blob"
)

// Environment variables that give S3 settings a URL does not carry. A URL
// query parameter of the same meaning wins over the variable.
const (
	// EnvS3Endpoint is the endpoint of an S3-compatible store, such as
	// http://127.0.0.1:9000 (the endpoint URL parameter).
	EnvS3Endpoint = "SIGHTLINE_S3_ENDPOINT"
	// EnvS3Region is the region (the region URL parameter); the AWS
	// variables AWS_REGION and AWS_DEFAULT_REGION and the AWS config file
	// are used when neither is set.
	EnvS3Region = "SIGHTLINE_S3_REGION"
	// EnvS3PathStyle set to true addresses buckets as ENDPOINT/bucket
	// rather than bucket.ENDPOINT (the use_path_style URL parameter), as
	// most S3-compatible servers need.
	EnvS3PathStyle = "SIGHTLINE_S3_PATH_STYLE"
)

// ObjectURL is a parsed object-store location: scheme://bucket/key?query.
// The key is taken literally (hive partition values stay %-escaped as in
// the object names) and '?' always starts the query, so globs in URLs use
// '*' and '[...]' but not '?'.
type ObjectURL struct {
	Scheme string     // "s3"
	Bucket string     // bucket name
	Key    string     // object key or key prefix, without a leading '/'
	Query  url.Values // bucket settings (endpoint, region, use_path_style, ...)
}

// IsURL reports whether p is a URL (scheme://...) rather than a local path.
func IsURL(p string) bool {
	i := strings.Index(p, "://")
	if i <= 0 {
		return false
	}
	for _, c := range p[:i] {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// LocalPath returns the local path of p: p itself, or the path of a
// file:// URL. ok is false for other URLs.
func LocalPath(p string) (local string, ok bool) {
	if !IsURL(p) {
		return p, true
	}
	if rest, found := strings.CutPrefix(p, "file://"); found {
		if u, err := url.Parse(p); err == nil && u.Host != "" && u.Host != "localhost" {
			return "", false
		}
		rest = strings.TrimPrefix(rest, "localhost")
		if dec, err := url.PathUnescape(rest); err == nil && !strings.ContainsAny(rest, "*[") {
			rest = dec
		}
		return rest, true
	}
	return "", false
}

// ParseObjectURL parses an s3:// URL.
func ParseObjectURL(raw string) (ObjectURL, error) {
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok || scheme != "s3" {
		return ObjectURL{}, fmt.Errorf("lake: %q: %w (want s3://bucket/key)", redactURL(raw), ErrScheme)
	}
	var q url.Values
	if i := strings.IndexByte(rest, '?'); i >= 0 {
		v, err := url.ParseQuery(rest[i+1:])
		if err != nil {
			return ObjectURL{}, fmt.Errorf("lake: %q: bad query: %w", redactURL(raw), err)
		}
		q, rest = v, rest[:i]
	}
	bucket, key, _ := strings.Cut(rest, "/")
	if bucket == "" {
		return ObjectURL{}, fmt.Errorf("lake: %q: no bucket name", redactURL(raw))
	}
	return ObjectURL{Scheme: scheme, Bucket: bucket, Key: key, Query: q}, nil
}

// Base returns scheme://bucket, the prefix of the names of its objects.
func (u ObjectURL) Base() string { return u.Scheme + "://" + u.Bucket }

// String returns the URL without its query: scheme://bucket/key.
func (u ObjectURL) String() string { return u.Base() + "/" + u.Key }

// settings returns the effective bucket settings, URL first, then the
// SIGHTLINE_S3_* variables, as a canonical query string.
func (u ObjectURL) settings() url.Values {
	q := url.Values{}
	for k, v := range u.Query {
		q[k] = v
	}
	for param, env := range map[string]string{"endpoint": EnvS3Endpoint, "region": EnvS3Region, "use_path_style": EnvS3PathStyle} {
		if q.Get(param) == "" {
			if v := os.Getenv(env); v != "" {
				q.Set(param, v)
			}
		}
	}
	if q.Get("s3ForcePathStyle") != "" && q.Get("use_path_style") == "" {
		q.Set("use_path_style", q.Get("s3ForcePathStyle"))
	}
	q.Del("s3ForcePathStyle")
	return q
}

// ErrScheme means a URL has a scheme other than s3:// or file://.
var ErrScheme = errors.New("unsupported URL scheme")

// redactURL drops user information from a URL so that an error message
// never carries a secret someone put into it.
func redactURL(raw string) string {
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return raw
	}
	host, path, _ := strings.Cut(rest, "/")
	if i := strings.LastIndexByte(host, '@'); i >= 0 {
		host = "REDACTED@" + host[i+1:]
	}
	if path != "" || strings.Contains(rest, "/") {
		return scheme + "://" + host + "/" + path
	}
	return scheme + "://" + host
}

// OpenBucket opens the bucket of an s3:// URL with gocloud.dev/blob and
// returns it with the URL's key. Settings come from the URL's query
// parameters (endpoint, region, use_path_style, disable_https, profile,
// anonymous and the others of gocloud.dev/blob/s3blob v0.47), then from
// the SIGHTLINE_S3_* variables; credentials come from the standard AWS
// chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN,
// AWS_PROFILE with ~/.aws/credentials and ~/.aws/config, then instance
// roles) and never appear in errors. The caller closes the bucket.
func OpenBucket(ctx context.Context, raw string) (*blob.Bucket, ObjectURL, error) {
	return openBucket(ctx, raw, 0)
}

func openBucket(ctx context.Context, raw string, sdkAttempts int) (*blob.Bucket, ObjectURL, error) {
	u, err := ParseObjectURL(raw)
	if err != nil {
		return nil, u, err
	}
	q := u.settings()
	var opts []func(*s3.Options)
	for _, p := range []string{"use_path_style", "disable_https"} {
		v := q.Get(p)
		q.Del(p)
		if v == "" {
			continue
		}
		on := v == "true" || v == "1"
		if !on && v != "false" && v != "0" {
			return nil, u, fmt.Errorf("lake: %s: %s=%q: want true or false", u.Base(), p, v)
		}
		switch p {
		case "use_path_style":
			opts = append(opts, func(o *s3.Options) { o.UsePathStyle = on })
		case "disable_https":
			opts = append(opts, func(o *s3.Options) { o.EndpointOptions.DisableHTTPS = on })
		}
	}
	cfg, err := gcaws.V2ConfigFromURLParams(ctx, q)
	if err != nil {
		return nil, u, fmt.Errorf("lake: %s: S3 settings (%s): %w", u.Base(), settingNames(q), err)
	}
	if sdkAttempts > 0 {
		cfg.Retryer = func() aws.Retryer { return retry.AddWithMaxAttempts(retry.NewStandard(), sdkAttempts) }
	}
	client := s3.NewFromConfig(cfg, opts...)
	b, err := s3blob.OpenBucket(ctx, client, u.Bucket, &s3blob.Options{RequestChecksumCalculation: cfg.RequestChecksumCalculation})
	if err != nil {
		return nil, u, fmt.Errorf("lake: %s: %w", u.Base(), err)
	}
	return b, u, nil
}

// settingNames lists the keys of q for an error message (values stay out:
// they are not secrets, but keys are enough to find a typo).
func settingNames(q url.Values) string {
	var names []string
	for k := range q {
		names = append(names, k)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}
